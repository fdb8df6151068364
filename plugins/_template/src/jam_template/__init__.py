"""A template Jam plugin: one algorithm, session store, token list and OAuth2 provider.

Copy ``plugins/_template``, rename ``template`` everywhere, keep what you need.
The plugin module (``jam_template.plugin``, the entry point) imports none of
the implementations; each record's factory does, when a configuration
selects it.
"""

__version__ = "0.1.0"
