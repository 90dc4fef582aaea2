/*
 * The manifold console. It subscribes to the monitor that serves it (which publishes every
 * service's row and the alerts once a second) for the Overview: alerts on top, totals, charts of the
 * last two minutes (outbox backlog per manifold, what the inbox holds, rates per service from
 * their counters) and a table of every service; a down one can be removed. The other views ask
 * the services themselves (streams.js, routes.js, connections.js).
 */
(async function () {
  'use strict';

  const el = Console.el;
  const config = await (await fetch('/config.json')).json();
  const directory = Manifold.parseAddress(config.directory);
  const monitorAddress = config.monitor || '//' + directory.host + ':' + directory.port + '/monitor';
  const monitor = Manifold.parseAddress(monitorAddress);
  const charts = {
    backlog: new TimeChart(el('backlog-chart')),
    inbox: new TimeChart(el('inbox-chart')),
    rate: new TimeChart(el('rate-chart'), {log: true})
  };
  const rates = new Console.Rates();

  const manifold = await Manifold.login(config, async () => ({ // unless the Barker page handed its login over
    user: prompt('User (a viewer of the console; an admin to act)') || '',
    password: prompt('Password') || ''
  }));
  const views = {
    streams: new StreamsView(manifold),
    connections: new ConnectionsView(manifold)
  };
  new RoutesView(manifold, config.directory);
  window.addEventListener('hashchange', showTab);
  showTab();

  // the monitor that serves this page, directly: a second monitor's console shows that one
  manifold.receiver(monitorAddress, {
    message: (message) => {
      const body = message.body || {};
      update(Array.isArray(body[Report.SERVICES]) ? body[Report.SERVICES] : [], body[Report.ALERTS] || []);
    },
    status: (status) => {
      document.body.dataset.monitor = status.state;
      el('status').textContent = status.state === 'live'
        ? 'live from the monitor at ' + status.servedBy
        : status.state + (status.reason ? ' (' + status.reason + ')' : '') + '...';
    }
  });

  function showTab() {
    const tab = (location.hash || '#overview').slice(1);
    for (const section of document.querySelectorAll('main > .tab')) {
      section.hidden = section.id !== tab;
    }
    for (const link of document.querySelectorAll('#tabs a')) {
      link.setAttribute('aria-current', link.hash === '#' + tab ? 'page' : 'false');
    }
    document.body.dataset.tab = tab;
    Object.entries(views).forEach(([name, view]) => view.show(name === tab));
  }

  function update(rows, alerts) {
    const now = Date.now() / 1000;
    for (const row of rows) {
      const at = Number(row[Report.TIMESTAMP]);
      row.inRate = row[Report.UP] ? rates.rate(row[Report.AGENT] + ' in', row[Report.INCOMING_COUNT], at) : undefined;
      row.outRate = row[Report.UP] ? rates.rate(row[Report.AGENT] + ' out', row[Report.OUTGOING_COUNT], at) : undefined;
    }
    const manifolds = rows.filter((row) => row[Report.TYPE] === 'manifold');
    const inboxes = manifolds.filter((row) => String(row[Report.ADDRESS]).endsWith('/inbox'));
    const outboxes = manifolds.filter((row) => !String(row[Report.ADDRESS]).endsWith('/inbox'));
    charts.backlog.add(now, Object.fromEntries(outboxes.map((row) => [row[Report.NAME], row[Report.MANIFOLD_BACKLOG]])));
    charts.inbox.add(now, Object.fromEntries(inboxes.map((row) => [row[Report.NAME], row[Report.MANIFOLD_MESSAGES]])));
    const series = {};
    for (const row of rows.filter((row) => row[Report.UP])) {
      series[row[Report.NAME] + ' in'] = row.inRate;
      series[row[Report.NAME] + ' out'] = row.outRate;
    }
    charts.rate.add(now, series);
    el('outbox-backlog').textContent = sum(outboxes, Report.MANIFOLD_BACKLOG);
    el('inbox-held').textContent = sum(inboxes, Report.MANIFOLD_MESSAGES);
    el('services-up').textContent = rows.filter((row) => row[Report.UP]).length;
    el('services-down').textContent = rows.filter((row) => !row[Report.UP]).length;
    table(rows);
    showAlerts(alerts);
    views.streams.manifolds(rows);
    views.connections.services(rows);
  }

  function showAlerts(alerts) {
    const list = el('alerts').querySelector('ul');
    if (!alerts.length) {
      const none = document.createElement('li');
      none.className = 'none';
      none.textContent = 'No alerts: every service is up, no backlog is growing, no dead letters.';
      list.replaceChildren(none);
      return;
    }
    list.replaceChildren(...alerts.map((alert) => {
      const item = document.createElement('li');
      item.className = alert.severity;
      item.dataset.kind = alert.kind;
      item.dataset.service = alert.service;
      item.textContent = alert.message;
      const since = document.createElement('time');
      since.textContent = 'since ' + Console.clock(alert.since);
      item.append(since);
      return item;
    }));
  }

  function table(rows) {
    el('services').querySelector('tbody').replaceChildren(...rows
      .slice()
      .sort((a, b) => String(a[Report.ADDRESS]).localeCompare(String(b[Report.ADDRESS]))
        || String(a[Report.INSTANCE]).localeCompare(String(b[Report.INSTANCE])))
      .map((row) => {
        const up = row[Report.UP];
        return Console.row([
          [row[Report.NAME], 'name'], [row[Report.ADDRESS]], [row[Report.INSTANCE]], [row[Report.ROLE], 'role'],
          [row[Report.PID]], [up ? 'up' : 'down since ' + Console.clock(row[Report.DOWN_SINCE]), 'state'],
          [row[Report.RESTARTS], 'number restarts'],
          [Console.perSecond(row.inRate), 'number'], [Console.perSecond(row.outRate), 'number'],
          [row[Report.MANIFOLD_BACKLOG], 'number'],
          [up ? mebibytes(row[Report.HEAP_USED]) : '', 'number'],
          [up ? mebibytes(row[Report.MEMORY_USED]) + ' / ' + mebibytes(row[Report.MEMORY_LIMIT]) : '', 'number'],
          [up ? '' : Console.button('Remove', () => forget(row))]
        ], {instance: row[Report.INSTANCE], type: row[Report.TYPE], up: String(up), role: row[Report.ROLE],
          name: row[Report.NAME]});
      }));
  }

  /** Asks the monitor to forget a service that is down, once confirmed. */
  async function forget(row) {
    const what = row[Report.NAME] + ' (' + row[Report.INSTANCE] + ')';
    if (!await Console.confirmAction('Remove ' + what + ' from the monitor? Do this when it will not come back; '
      + 'it is listed again if it does.', 'Remove')) {
      return;
    }
    try {
      const response = await manifold.request(Console.managementOf(monitor.host + ':' + monitor.port),
        {operation: 'DELETE', type: 'monitored-service', name: row[Report.AGENT]});
      Console.logAction(response.status === 200 ? 'Removed ' + what : 'Removing ' + what + ' failed: ' + response.description,
        response.status !== 200);
    } catch (error) {
      Console.logAction('Removing ' + what + ' was refused: ' + error.message, true);
    }
  }

  function sum(rows, field) {
    return rows.reduce((total, row) => total + Number(row[field] || 0), 0);
  }

  function mebibytes(bytes) {
    return Math.round(Number(bytes || 0) / 1048576);
  }
})();
