/*
 * The manifold dashboard: subscribes to //HOST/monitor (the monitor publishes every service's latest
 * agent report once a second) and draws the last two minutes: outbox backlog per manifold, what the
 * inbox holds, and message rates per service on a log scale, plus a table of every service.
 */
(async function () {
  'use strict';

  const WINDOW_SECONDS = 120;
  const el = (id) => document.getElementById(id);
  const config = await (await fetch('/config.json')).json();
  const directory = Manifold.parseAddress(config.directory);
  const charts = {
    backlog: new TimeChart(el('backlog-chart'), {}),
    inbox: new TimeChart(el('inbox-chart'), {}),
    rate: new TimeChart(el('rate-chart'), {log: true})
  };

  const manifold = await Manifold.login(config, async () => ({ // unless the Barker page handed its login over
    user: prompt('User (a viewer of the dashboard)') || '',
    password: prompt('Password') || ''
  }));

  // the monitor that serves this page, directly: a second monitor's dashboard shows that one
  manifold.receiver(config.monitor || '//' + directory.host + ':' + directory.port + '/monitor', {
    message: (message) => update(Array.isArray(message.body) ? message.body : []),
    status: (status) => {
      document.body.dataset.monitor = status.state;
      el('status').textContent = status.state === 'live'
        ? 'live from the monitor at ' + status.servedBy
        : status.state + (status.reason ? ' (' + status.reason + ')' : '') + '...';
    }
  });

  function update(rows) {
    const now = Date.now() / 1000;
    const manifolds = rows.filter((row) => row[Report.TYPE] === 'manifold');
    const inboxes = manifolds.filter((row) => String(row[Report.ADDRESS]).endsWith('/inbox'));
    const outboxes = manifolds.filter((row) => !String(row[Report.ADDRESS]).endsWith('/inbox'));
    charts.backlog.add(now, Object.fromEntries(outboxes.map((row) => [label(row), row[Report.MANIFOLD_BACKLOG]])));
    charts.inbox.add(now, Object.fromEntries(inboxes.map((row) => [label(row), row[Report.MANIFOLD_MESSAGES]])));
    const rates = {};
    for (const row of rows.filter((row) => row[Report.UP])) {
      rates[label(row) + ' in'] = row[Report.INCOMING_RATE];
      rates[label(row) + ' out'] = row[Report.OUTGOING_RATE];
    }
    charts.rate.add(now, rates);
    el('outbox-backlog').textContent = sum(outboxes, Report.MANIFOLD_BACKLOG);
    el('inbox-held').textContent = sum(inboxes, Report.MANIFOLD_MESSAGES);
    el('services-up').textContent = rows.filter((row) => row[Report.UP]).length;
    el('services-down').textContent = rows.filter((row) => !row[Report.UP]).length;
    table(rows);
  }

  function table(rows) {
    const body = document.querySelector('#services tbody');
    body.replaceChildren(...rows
      .slice()
      .sort((a, b) => String(a[Report.ADDRESS]).localeCompare(String(b[Report.ADDRESS]))
        || String(a[Report.INSTANCE]).localeCompare(String(b[Report.INSTANCE])))
      .map((row) => {
        const tr = document.createElement('tr');
        tr.dataset.instance = row[Report.INSTANCE];
        tr.dataset.type = row[Report.TYPE];
        tr.dataset.up = String(row[Report.UP]);
        tr.dataset.role = row[Report.ROLE];
        const cells = [
          [row[Report.TYPE]], [row[Report.ADDRESS]], [row[Report.INSTANCE]], [row[Report.ROLE], 'role'],
          [row[Report.PID]], [row[Report.UP] ? 'up' : 'down', 'state'], [row[Report.RESTARTS], 'number restarts'],
          [fixed(row[Report.INCOMING_RATE]), 'number'], [fixed(row[Report.OUTGOING_RATE]), 'number'],
          [row[Report.MANIFOLD_BACKLOG] === undefined ? '' : row[Report.MANIFOLD_BACKLOG], 'number'],
          [Math.round(Number(row[Report.HEAP_USED] || 0) / 1048576), 'number'],
          [mebibytes(row[Report.MEMORY_USED]) + ' / ' + mebibytes(row[Report.MEMORY_LIMIT]), 'number']];
        for (const [text, className] of cells) {
          const td = document.createElement('td');
          td.textContent = text === undefined ? '' : text;
          if (className) {
            td.className = className;
          }
          tr.append(td);
        }
        return tr;
      }));
  }

  function label(row) {
    return row[Report.TYPE] + ' ' + row[Report.INSTANCE];
  }

  function sum(rows, field) {
    return rows.reduce((total, row) => total + Number(row[field] || 0), 0);
  }

  function mebibytes(bytes) {
    return Math.round(Number(bytes || 0) / 1048576);
  }

  function fixed(value) {
    return Number(value || 0).toFixed(1);
  }

  /** A uPlot chart of named series over the last WINDOW_SECONDS; remade when the set of series changes. */
  function TimeChart(container, {log}) {
    const times = [];
    const series = new Map();
    let plot = null;
    let shape = '';

    this.add = function (time, values) {
      times.push(time);
      for (const name of Object.keys(values)) {
        if (!series.has(name)) {
          series.set(name, times.map(() => null));
        }
      }
      for (const [name, points] of series) {
        const value = values[name];
        points.push(value === undefined || (log && !(value > 0)) ? null : Number(value));
      }
      while (times.length > WINDOW_SECONDS) {
        times.shift();
        series.forEach((points) => points.shift());
      }
      draw();
    };

    function draw() {
      const names = [...series.keys()];
      const data = [times, ...names.map((name) => series.get(name))];
      if (names.join('|') !== shape) {
        shape = names.join('|');
        if (plot) {
          plot.destroy();
        }
        plot = new uPlot({
          width: container.clientWidth || 500,
          height: 200,
          scales: {x: {time: true}, y: log ? {distr: 3, log: 10} : {range: (u, min, max) => [0, Math.max(10, max)]}},
          series: [{}, ...names.map((name, index) => ({label: name, stroke: color(index), width: 1.5, spanGaps: false}))],
          legend: {live: false}
        }, data, container);
      } else {
        plot.setData(data);
      }
    }

    function color(index) {
      return 'hsl(' + ((index * 67) % 360) + ', 65%, 45%)';
    }
  }
})();
