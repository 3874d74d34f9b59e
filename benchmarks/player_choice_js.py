"""The static page and the browser-side scripts of benchmarks/player_choice.py: Plotly frames and the step player
on the same data, each step timed until it is painted."""

PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="player.css">
<script src="plotly.min.js"></script></head><body style="width:1300px">
<div id="plotly" style="width:1250px"></div><div id="player" style="width:900px"></div>
<div id="fresh" style="width:1250px;display:flex"><div id="fa" style="width:700px"></div>
<div id="fb" style="width:500px"></div></div>
<script type="module">
import mount from "./player.js";
const views = await (await fetch("views.json")).json();
window.views = views;
await Plotly.newPlot("plotly", views.plotly.figure.data, views.plotly.figure.layout);
await Plotly.addFrames("plotly", views.plotly.figure.frames);
window.playerData = views.player;
mount({data: views.player, parentElement: document.getElementById("player"), setTriggerValue: () => {}});
window.mountPlayer = (data) => mount({data, parentElement: document.getElementById("player"),
                                      setTriggerValue: () => {}});
window.ready = true;
</script></body></html>"""

PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

STEP_PLOTLY = """async ([t]) => {
  const gd = document.getElementById('plotly');
  const t0 = performance.now();
  await Plotly.animate(gd, ['t' + t], {mode: 'immediate', frame: {duration: 0, redraw: true},
                                       transition: {duration: 0}});
  const drawn = performance.now();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return [drawn - t0, performance.now() - t0];
}"""

STEP_PLAYER = """async ([t]) => {
  const range = document.querySelector('#player .vp-range');
  const t0 = performance.now();
  range.value = t;
  range.dispatchEvent(new Event('input'));
  const drawn = performance.now();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return [drawn - t0, performance.now() - t0,
          Number(document.querySelector('#player .vp-player').dataset.drawMs)];
}"""

NEWPLOT = """async ([t]) => {
  const [heat, bars] = window.views.plotly.charts[t - 1];
  const t0 = performance.now();
  for (const [id, fig] of [['fa', heat], ['fb', bars]]) {
    Plotly.purge(id);
    await Plotly.newPlot(id, fig.data, fig.layout);
  }
  const drawn = performance.now();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return [drawn - t0, performance.now() - t0];
}"""

PLAY_PLOTLY = """async () => {
  const gd = document.getElementById('plotly');
  await Plotly.animate(gd, ['t1'], {mode: 'immediate', frame: {duration: 0, redraw: true},
                                    transition: {duration: 0}});
  const times = [];
  const done = new Promise(r => gd.on('plotly_animated', r));
  gd.on('plotly_animatingframe', () => times.push(performance.now()));
  const button = [...gd.querySelectorAll('.updatemenu-button')][0];
  button.dispatchEvent(new MouseEvent('click', {bubbles: true}));
  await done;
  gd.removeAllListeners('plotly_animatingframe');
  return times;
}"""

PLAY_PLAYER = """async () => {
  const data = {...window.playerData, frame_ms: 16, start: 1, id: window.playerData.id + '-fast'};
  window.mountPlayer(data);
  const box = document.querySelector('#player .vp-player');
  const times = [], draws = [];
  const seen = new MutationObserver(() => { times.push(performance.now()); draws.push(Number(box.dataset.drawMs)); });
  seen.observe(box, {attributes: true, attributeFilter: ['data-t']});
  const done = new Promise(r => new MutationObserver((m, o) => {
    if (box.dataset.playing === '0') { o.disconnect(); r(); } }).observe(box, {attributes: true}));
  box.querySelector('.vp-play').click();
  await done;
  seen.disconnect();
  return [times, draws];
}"""
