"""Ink that reads on the light page and on the dark one (issue 20: the lab follows the learner's theme).

st.plotly_chart's theme="streamlit" (its default) swaps these placeholder colours for the page theme's own before
Plotly draws, as Streamlit's own chart template does (streamlit.elements.lib.streamlit_plotly_theme: GRAY_90,
GRAY_70, BG_COLOR; tests/test_figures.py checks that they are still Streamlit's). A fixed black line or white box
vanished on one of the two backgrounds. Marks drawn over a heatmap's cells stay black: the colour scales are the
same in both themes, and so are the cells under them."""

TEXT = "#000037"  # the body text: near-black on the light page, near-white on the dark one
MUTED = "#000036"  # secondary ink: notes, reference lines, outlines (grey, darker on light, lighter on dark)
PAGE = "#000038"  # the page's background: a box's fill, a marker's open centre
NEUTRAL = "rgba(128, 128, 128, 0.35)"  # a grey fill that is neither the page nor the ink, on either background
