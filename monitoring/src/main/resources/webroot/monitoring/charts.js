/*
 * A uPlot chart of named series over the last two minutes, sized to its container (and again when
 * that changes, so a phone's width fits), remade when the set of series changes.
 */
class TimeChart {
  static WINDOW_SECONDS = 120;

  constructor(container, {log} = {}) {
    this.container = container;
    this.log = Boolean(log);
    this.times = [];
    this.series = new Map();
    this.plot = null;
    this.shape = '';
    new ResizeObserver(() => this.plot && this.plot.setSize(this.size())).observe(container);
  }

  /** Adds the values (name -> number) at time (seconds). */
  add(time, values) {
    this.times.push(time);
    for (const name of Object.keys(values)) {
      if (!this.series.has(name)) {
        this.series.set(name, this.times.map(() => null));
      }
    }
    for (const [name, points] of this.series) {
      const value = values[name];
      points.push(value === undefined || value === null || (this.log && !(value > 0)) ? null : Number(value));
    }
    while (this.times.length > TimeChart.WINDOW_SECONDS) {
      this.times.shift();
      this.series.forEach((points) => points.shift());
    }
    this.container.dataset.points = this.times.length;
    this.draw();
  }

  /** Forgets every point (another stream is shown now). */
  clear() {
    this.times = [];
    this.series = new Map();
    this.draw();
  }

  size() {
    const width = Math.max(200, this.container.clientWidth || 500);
    return {width, height: width < 500 ? 160 : 200};
  }

  draw() {
    const names = [...this.series.keys()];
    const data = [this.times, ...names.map((name) => this.series.get(name))];
    if (names.join('|') === this.shape && this.plot) {
      this.plot.setData(data);
      return;
    }
    this.shape = names.join('|');
    if (this.plot) {
      this.plot.destroy();
    }
    const narrow = this.size().width < 500;
    this.plot = new uPlot(Object.assign(this.size(), {
      scales: {
        x: {time: true, range: (u, min, max) => TimeChart.window(min, max)},
        y: this.log ? {distr: 3, log: 10} : {range: (u, min, max) => [0, Math.max(10, max)]}
      },
      axes: [
        {space: narrow ? 70 : 60, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300],
          values: (u, ticks) => ticks.map((t) => new Date(t * 1000).toLocaleTimeString('en-GB'))},
        {size: 56, space: 28}
      ],
      series: [{}, ...names.map((name, index) => ({label: name, stroke: TimeChart.color(index), width: 1.5}))],
      legend: {live: false}
    }), data, this.container);
  }

  /** The x range: the data's, or the last minute until there are two points. */
  static window(min, max) {
    if (min === null || max === null || min === max) {
      const end = max === null ? Date.now() / 1000 : max;
      return [end - 60, end + 1];
    }
    return [min, max];
  }

  static color(index) {
    return 'hsl(' + ((index * 67) % 360) + ', 65%, 42%)';
  }
}
