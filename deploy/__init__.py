"""Running Vanishing Point for a class: several Streamlit replicas of app.py behind HAProxy on one machine
(``python -m deploy.cluster``), and the container and Kubernetes files for beyond one machine."""
