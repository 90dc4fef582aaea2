/*
 * The Connections view: the connections of one service (QUERY connection on its management node):
 * peer, login, container, since when, links; refreshed every three seconds while shown.
 */
class ConnectionsView {
  constructor(manifold) {
    this.manifold = manifold;
    this.visible = false;
    Console.el('connection-service').addEventListener('change', () => this.refresh());
    setInterval(() => this.visible && this.refresh(), 3000);
  }

  /** Takes the services that are up from the monitor's rows. */
  services(rows) {
    const select = Console.el('connection-service');
    const up = rows.filter((row) => row[Report.UP]).sort((a, b) => String(a[Report.NAME]).localeCompare(String(b[Report.NAME])));
    const shape = up.map((row) => row[Report.INSTANCE]).join(',');
    if (select.dataset.shape !== shape) {
      const chosen = select.value;
      select.replaceChildren(...up.map((row) => new Option(row[Report.NAME] + ' (' + row[Report.INSTANCE] + ')', row[Report.INSTANCE])));
      select.value = up.some((row) => row[Report.INSTANCE] === chosen) ? chosen : (up.length ? up[0][Report.INSTANCE] : '');
      select.dataset.shape = shape;
    }
  }

  show(visible) {
    this.visible = visible;
    if (visible) {
      this.refresh();
    }
  }

  async refresh() {
    const instance = Console.el('connection-service').value;
    if (!instance) {
      return;
    }
    const summary = Console.el('connection-summary');
    try {
      const response = await this.manifold.request(Console.managementOf(instance), {operation: 'QUERY', type: 'connection'});
      if (response.status !== 200) {
        summary.textContent = response.description;
        return;
      }
      const now = Date.now();
      summary.textContent = Console.count(response.body.total) + ' connections to ' + instance;
      Console.el('connection-table').querySelector('tbody').replaceChildren(...response.body.connections.map((c) =>
        Console.row([[c.peer], [c.user], [c.container], [Console.age(now - Number(c.since)) + ' ago'], [c.links, 'number']])));
    } catch (error) {
      summary.textContent = instance + ': ' + error.message;
    }
  }
}
