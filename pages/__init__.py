"""The screens: one module per page, each exposing ``render()`` (app.py builds the navigation).

Importing this package tells Streamlit that the app uses ``st.navigation``, not the ``pages/`` directory:
a server that imports it at start-up (``serve``) then never shows a fresh visitor of a mistyped path
Streamlit's own "Page not found" (a first request is otherwise matched against this folder's file names).
"""

from streamlit.runtime.pages_manager import PagesManager

PagesManager.uses_pages_directory = False
