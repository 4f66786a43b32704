"""Search for Marsad, over the search tables of the index file (pure Python, no Textual).

- `normalize`, `translit`: how text is folded for search, and Latin <-> Arabic skeletons;
- `ranking`: field weights, match tiers and factors, the caps on words and queries;
- `fields`: what of a record is searched; `terms`: the terms and lookup keys of a word;
- `tables`: the search tables; `build`: fill them from the `records` table;
- `reader`, `words`, `query`: look a query up and rank documents (`SearchIndex`);
- `hits`: a hit, its best field, match label and highlighted spans.
"""
