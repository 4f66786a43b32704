"""Tools beside the product (the terminal matrix, snapshot rendering, the served-page
driver): a package so that the browser test imports `tools.served_page`."""
