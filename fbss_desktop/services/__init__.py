"""Use cases the GUI and the command line call: a Qt-free facade over storage and the core."""
