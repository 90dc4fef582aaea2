/*
 * The Streams view: every stream of every manifold (or of one), asked of the manifolds' management
 * nodes (QUERY stream: filtered by prefix, sorted by the column clicked, paged), never broadcast;
 * across manifolds the console merges their first pages. Clicking a stream opens its detail.
 */
class StreamsView {
  /** Rows at most that a merge across manifolds pages through (a manifold returns 1,000 at most). */
  static MERGED_ROWS = 1000;

  constructor(manifold) {
    this.manifold = manifold;
    this.instances = [];
    this.sort = 'backlog';
    this.order = 'desc';
    this.offset = 0;
    this.visible = false;
    this.rates = new Console.Rates();
    this.detail = new StreamDetail(manifold);
    for (const th of document.querySelectorAll('#stream-table th[data-sort]')) {
      th.addEventListener('click', () => this.sortBy(th.dataset.sort));
    }
    const again = () => {
      this.offset = 0;
      this.refresh();
    };
    Console.el('stream-prefix').addEventListener('input', again);
    Console.el('stream-manifold').addEventListener('change', again);
    Console.el('stream-size').addEventListener('change', again);
    Console.el('stream-query').addEventListener('submit', (event) => event.preventDefault());
    Console.el('stream-prev').addEventListener('click', () => this.page(-1));
    Console.el('stream-next').addEventListener('click', () => this.page(1));
    this.markSort();
    setInterval(() => this.visible && this.refresh(), 2000);
  }

  /** Takes the manifolds that are up from the monitor's rows. */
  manifolds(rows) {
    const up = rows.filter((row) => row[Report.TYPE] === 'manifold' && row[Report.UP])
      .map((row) => ({name: row[Report.NAME], instance: row[Report.INSTANCE]}))
      .sort((a, b) => a.name.localeCompare(b.name));
    const shape = up.map((m) => m.instance).join(',');
    if (shape !== this.instances.map((m) => m.instance).join(',')) {
      this.instances = up;
      const select = Console.el('stream-manifold');
      const chosen = select.value;
      select.replaceChildren(new Option('all manifolds', ''), ...up.map((m) => new Option(m.name + ' (' + m.instance + ')', m.instance)));
      select.value = up.some((m) => m.instance === chosen) ? chosen : '';
      if (this.visible) {
        this.refresh();
      }
    }
  }

  show(visible) {
    this.visible = visible;
    if (visible) {
      this.refresh();
    }
  }

  sortBy(column) {
    this.order = this.sort === column ? (this.order === 'desc' ? 'asc' : 'desc') : (column === 'name' || column === 'manifold' ? 'asc' : 'desc');
    this.sort = column;
    this.offset = 0;
    this.markSort();
    this.refresh();
  }

  markSort() {
    for (const th of document.querySelectorAll('#stream-table th[data-sort]')) {
      th.setAttribute('aria-sort', th.dataset.sort === this.sort ? (this.order === 'desc' ? 'descending' : 'ascending') : 'none');
    }
  }

  page(step) {
    this.offset = Math.max(0, this.offset + step * this.size());
    this.refresh();
  }

  size() {
    return Number(Console.el('stream-size').value);
  }

  async refresh() {
    const size = this.size();
    const prefix = Console.el('stream-prefix').value.trim();
    const only = Console.el('stream-manifold').value;
    const targets = only ? this.instances.filter((m) => m.instance === only) : this.instances;
    if (!targets.length) {
      Console.el('stream-summary').textContent = 'No manifold is up.';
      Console.el('stream-table').querySelector('tbody').replaceChildren();
      return;
    }
    const single = targets.length === 1;
    if (!single && this.offset + size > StreamsView.MERGED_ROWS) {
      this.offset = Math.max(0, StreamsView.MERGED_ROWS - size);
    }
    const body = {prefix, sort: this.sort === 'manifold' ? 'name' : this.sort, order: this.order,
      offset: single ? this.offset : 0, count: single ? size : this.offset + size};
    const started = performance.now();
    const answers = await Promise.all(targets.map((target) => this.manifold
      .request(Console.managementOf(target.instance), {operation: 'QUERY', type: 'stream', body})
      .then((response) => ({target, response}), (error) => ({target, error}))));
    const elapsed = Math.round(performance.now() - started);
    let rows = [];
    let total = 0;
    let slowest = 0;
    const problems = [];
    for (const {target, response, error} of answers) {
      if (error || response.status !== 200) {
        problems.push(target.name + ': ' + (error ? error.message : response.status + ' ' + response.description));
        continue;
      }
      total += Number(response.body.total);
      slowest = Math.max(slowest, Number(response.body.took_micros));
      rows.push(...response.body.streams.map((stream) => Object.assign({manifold: target.name, instance: target.instance}, stream)));
    }
    if (!single) {
      rows.sort((a, b) => this.compare(a, b));
      rows = rows.slice(this.offset, this.offset + size);
    }
    this.render(rows);
    const shown = rows.length ? (this.offset + 1) + '\u2013' + (this.offset + rows.length) : 'none';
    Console.el('stream-summary').textContent = Console.count(total) + ' streams' + (prefix ? ' under ' + prefix : '')
      + ' on ' + targets.length + ' manifold' + (single ? '' : 's') + '; ' + shown + ' shown; the query took ' + elapsed
      + ' ms (' + (slowest / 1000).toFixed(1) + ' ms in the slowest manifold)'
      + (!single && total > StreamsView.MERGED_ROWS ? '; across manifolds the first ' + Console.count(StreamsView.MERGED_ROWS)
        + ' page: choose one manifold to page further' : '')
      + (problems.length ? '. Not answered: ' + problems.join('; ') : '');
    const table = Console.el('stream-table');
    table.dataset.total = total;
    table.dataset.queryMillis = elapsed;
    Console.el('stream-prev').disabled = this.offset === 0;
    Console.el('stream-next').disabled = this.offset + size >= (single ? total : Math.min(total, StreamsView.MERGED_ROWS));
  }

  /** The manifolds' own order: numbers largest first (by default), ties and names by name. */
  compare(a, b) {
    const direction = this.order === 'desc' ? -1 : 1;
    if (this.sort === 'manifold') {
      return direction * (a.manifold.localeCompare(b.manifold) || a.name.localeCompare(b.name));
    }
    if (this.sort === 'name') {
      return direction * a.name.localeCompare(b.name);
    }
    return direction * (Number(a[this.sort]) - Number(b[this.sort])) || a.name.localeCompare(b.name);
  }

  render(rows) {
    const now = Date.now();
    Console.el('stream-table').querySelector('tbody').replaceChildren(...rows.map((stream) => {
      const key = stream.instance + ' ' + stream.name;
      const tr = Console.row([
        [stream.manifold], [stream.name, 'name'], [Console.count(stream.messages), 'number'],
        [Console.count(stream.backlog), 'number backlog'],
        [Number(stream.backlog) > 0 ? Console.age(stream.oldest_ms) : '', 'number'],
        [stream.subscribers, 'number'], [Console.count(stream.lag), 'number'], [stream.producers, 'number'],
        [Console.perSecond(this.rates.rate(key + ' in', stream.in, now)), 'number'],
        [Console.perSecond(this.rates.rate(key + ' out', stream.out, now)), 'number'],
        [Console.count(stream.dead), 'number dead']
      ], {instance: stream.instance, stream: stream.name, dead: String(stream.dead)});
      tr.setAttribute('aria-selected', String(this.detail.isShowing(stream.instance, stream.name)));
      tr.addEventListener('click', () => this.detail.open({name: stream.manifold, instance: stream.instance}, stream.name));
      return tr;
    }));
  }
}

/*
 * One stream in detail, asked of its manifold once a second while open (READ stream): figures and
 * a chart of its depth, its push target, its subscribers, its last messages and its dead letters,
 * browsed without taking them; dead letters can be retried (pushed again) or purged, each confirmed
 * first and logged.
 */
class StreamDetail {
  constructor(manifold) {
    this.manifold = manifold;
    this.target = null;
    this.name = null;
    this.chart = new TimeChart(Console.el('detail-chart'));
    this.timer = null;
    Console.el('detail-close').addEventListener('click', () => this.close());
    Console.el('retry-all').addEventListener('click', () => this.act('RETRY', null));
    Console.el('purge-all').addEventListener('click', () => this.act('PURGE', null));
  }

  isShowing(instance, name) {
    return this.target !== null && this.target.instance === instance && this.name === name;
  }

  open(target, name) {
    if (!this.isShowing(target.instance, name)) {
      this.chart.clear();
    }
    this.target = target;
    this.name = name;
    const article = Console.el('stream-detail');
    article.hidden = false;
    article.dataset.stream = name;
    article.dataset.instance = target.instance;
    Console.el('detail-name').textContent = name;
    Console.el('detail-manifold').textContent = 'on ' + target.name + ' (' + target.instance + ')';
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), 1000);
    this.refresh();
    article.scrollIntoView({block: 'nearest'});
  }

  close() {
    clearInterval(this.timer);
    this.target = null;
    this.name = null;
    Console.el('stream-detail').hidden = true;
  }

  async refresh() {
    const {target, name} = this;
    if (!target) {
      return;
    }
    let response;
    try {
      response = await this.request('READ', {browse: 20});
    } catch (error) {
      Console.el('detail-manifold').textContent = 'on ' + target.name + ': ' + error.message;
      return;
    }
    if (this.isShowing(target.instance, name)) {
      if (response.status === 200) {
        this.render(response.body);
      } else {
        Console.el('detail-manifold').textContent = 'on ' + target.name + ': ' + response.description;
      }
    }
  }

  request(operation, body) {
    return this.manifold.request(Console.managementOf(this.target.instance),
      {operation, type: 'stream', name: this.name, body});
  }

  render(stream) {
    const figures = [['messages', Console.count(stream.messages)], ['backlog', Console.count(stream.backlog)],
      ['oldest unacked', Number(stream.backlog) > 0 ? Console.age(stream.oldest_ms) : '\u2013'],
      ['subscribers', stream.subscribers], ['slowest lag', Console.count(stream.lag)], ['dead letters', Console.count(stream.dead)]];
    Console.el('detail-figures').replaceChildren(...figures.map(([label, value]) => {
      const div = document.createElement('div');
      const span = document.createElement('span');
      span.textContent = value;
      span.dataset.figure = label;
      const caption = document.createElement('label');
      caption.textContent = label;
      div.append(span, caption);
      return div;
    }));
    this.chart.add(Date.now() / 1000, {messages: Number(stream.messages), backlog: Number(stream.backlog)});
    this.renderPush(stream.push);
    Console.el('detail-subscribers').querySelector('tbody').replaceChildren(...(stream.subscriber_links || []).map((s) =>
      Console.row([[s.peer], [s.user], [Console.age(Date.now() - Number(s.since)) + ' ago'], [Console.count(s.lag), 'number'],
        [s.credit, 'number']])));
    Console.el('detail-messages').querySelector('tbody').replaceChildren(...(stream.last_messages || []).slice().reverse()
      .map((m) => Console.row([[m.seq, 'number'], [m.id], [Console.clock(m.at)], [m.size, 'number'], [m.body, 'body']])));
    const dead = stream.dead_letters;
    const deadCount = dead ? Number(dead.messages) : 0;
    Console.el('dead-count').textContent = '(' + Console.count(deadCount) + ' held in ' + this.name + '/dead)';
    Console.el('retry-all').disabled = deadCount === 0 || !stream.push;
    Console.el('purge-all').disabled = deadCount === 0;
    Console.el('detail-dead').querySelector('tbody').replaceChildren(...(dead ? dead.last : []).slice().reverse()
      .map((m) => Console.row([[m.seq, 'number'], [m.id], [Console.clock(m.at)], [m.reason || '', 'body'], [m.body, 'body'],
        [stream.push ? Console.button('Retry', () => this.act('RETRY', [Number(m.seq)])) : '']], {seq: String(m.seq)})));
  }

  renderPush(push) {
    const entries = push ? [['address', push.address], ['state', push.state + (push.linked_to ? ' to ' + push.linked_to : '')],
      ['in flight', push.in_flight], ['backlog', Console.count(push.backlog)],
      ['oldest unacked', Number(push.backlog) > 0 ? Console.age(push.oldest_ms) : '\u2013']]
      : [['push', 'none: this manifold keeps the stream for its subscribers only']];
    Console.el('detail-push').replaceChildren(...entries.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset.push = term;
      return [dt, dd];
    }));
  }

  /** Retries or purges the dead letters at seqs (all of them when null), once confirmed. */
  async act(operation, seqs) {
    const what = (seqs ? 'dead letter ' + seqs.join(', ') : 'every dead letter') + ' of ' + this.name + ' on ' + this.target.name;
    const verb = operation === 'RETRY' ? 'Retry' : 'Purge';
    const ok = await Console.confirmAction(operation === 'RETRY'
      ? verb + ' ' + what + '? It is pushed to the push target again.'
      : verb + ' ' + what + '? It is dropped for good.', verb);
    if (!ok) {
      return;
    }
    try {
      const response = await this.request(operation, seqs ? {seqs} : {});
      if (response.status === 200) {
        const done = operation === 'RETRY' ? response.body.retried : response.body.purged;
        Console.logAction((operation === 'RETRY' ? 'Retried ' : 'Purged ') + done + ': ' + what);
      } else {
        Console.logAction(verb + ' ' + what + ' failed: ' + response.description, true);
      }
    } catch (error) {
      Console.logAction(verb + ' ' + what + ' was refused: ' + error.message, true);
    }
    this.refresh();
  }
}
