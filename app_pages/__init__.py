"""The app's pages: one thin script per page, run by the router (app.py) through st.navigation."""
