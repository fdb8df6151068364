"""Built-in capabilities with standard-library dependencies only, registered as a plugin.

They are registered through the same hooks as third-party plugins (see
`jam.builtin.plugin`), under the plugin name ``builtin``.
"""
