"""The web tier around the Streamlit pages: our own HTTP routes, the cached plain-HTML list, and
``python -m gkreg serve`` (one or more app processes behind one entry point).

Nothing here imports streamlit; the ``st.App`` that mounts these routes is ``gkreg/ui/server.py``.
"""
