"""The API's schemas, in families per resource: `...Public` for what is read, `...Create` and `...Update` for
what is written. Each module also turns the library's values into its schemas, for one viewer."""
