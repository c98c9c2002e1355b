"""Every query, one module per aggregate, each named for exactly what it returns."""
