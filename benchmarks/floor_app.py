"""Streamlit's own floor (issue 19): the least a step-through view can cost in this framework. One fragment with a
step slider and one small Plotly heatmap whose title names the step, nothing else. benchmarks/floor.py times it
beside the lessons, in the same run and the same browser."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

Z = np.random.default_rng(0).uniform(-1, 1, (8, 10))


@st.fragment
def step_view() -> None:
    t = st.slider("Floor step", 1, 10, 1, key="t")
    fig = go.Figure(go.Heatmap(z=Z, zmin=-1, zmax=1, colorscale="RdBu_r"))
    fig.add_shape(type="rect", x0=t - 1.5, x1=t - 0.5, y0=-0.5, y1=7.5, line=dict(color="black", width=3))
    fig.update_layout(title=f"Floor: step t = {t} boxed", height=300)
    st.plotly_chart(fig, key="floor_chart")


step_view()
