/*
 * The Routes view: the directory's route stream, live (a snapshot, then every change): each
 * address, its policy and its instances in order with their owners; under 'ordered' the first is
 * active and the rest stand by, under the other policies all of them serve.
 */
class RoutesView {
  constructor(manifold, directory) {
    this.routes = new Map();
    manifold.receiver(directory, {
      message: (message) => this.onMessage(message),
      status: (status) => Console.el('route-table').dataset.state = status.state
    });
  }

  onMessage(message) {
    if (message.subject !== 'routes' || !Array.isArray(message.body)) {
      return;
    }
    const [address, registrations] = message.body;
    const policy = (message.application_properties || {}).policy;
    if (Array.isArray(registrations) && registrations.length) {
      this.routes.set(address, {policy, registrations});
    } else {
      this.routes.delete(address);
    }
    this.render();
  }

  render() {
    const addresses = [...this.routes.keys()].sort();
    Console.el('route-table').querySelector('tbody').replaceChildren(...addresses.map((address) => {
      const {policy, registrations} = this.routes.get(address);
      const instances = document.createElement('ol');
      registrations.forEach(([target, owner], index) => {
        const item = document.createElement('li');
        const role = policy === 'ordered' ? (index === 0 ? 'active' : 'standby') : 'serving';
        item.textContent = target[0] + ':' + target[1] + (owner ? ' (' + owner + ')' : '') + ' \u2013 ' + role;
        item.dataset.role = role;
        instances.append(item);
      });
      return Console.row([[address], [policy], [instances]], {address});
    }));
  }
}
