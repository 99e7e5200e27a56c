"""The researcher's desk: a full-screen Textual application over a project (`workbench open`).

``state.py`` holds everything the app does as a plain object (tests drive it directly or through
Textual's pilot); ``app.py``, ``panes.py``, ``dialogs.py`` and ``keys.py`` only draw and route keys.
"""
