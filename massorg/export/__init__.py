"""Files people take away: tables as CSV and Excel, the PowerPoint committee pack, and the slide
definitions the Presentation page shares with the deck. Pure Python (no streamlit)."""
