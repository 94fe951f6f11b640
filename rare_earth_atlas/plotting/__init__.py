"""What every chart shares: the palette, fonts and frame recorded in each figure (frame), and
escaping text from data for Plotly and for Streamlit (escaping)."""
