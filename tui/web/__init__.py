"""`marsad serve`: the browser in a web browser."""
