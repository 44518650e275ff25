"""The few Streamlit helpers pages share; the only part of gkreg that imports streamlit."""
