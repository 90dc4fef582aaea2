/*
 * What the console's views share: finding and making elements, formatting figures, rates from
 * counters, asking a service's management node, confirming an action and logging it.
 */
const Console = (function () {
  'use strict';

  const numbers = new Intl.NumberFormat('en');

  /** The element with this id. */
  function el(id) {
    return document.getElementById(id);
  }

  /** A table row of cells, each [text, className]; empty text for undefined or null. */
  function row(cells, dataset) {
    const tr = document.createElement('tr');
    Object.assign(tr.dataset, dataset || {});
    for (const [text, className] of cells) {
      const td = document.createElement('td');
      if (text instanceof Node) {
        td.append(text);
      } else {
        td.textContent = text === undefined || text === null ? '' : text;
      }
      if (className) {
        td.className = className;
      }
      tr.append(td);
    }
    return tr;
  }

  /** A button that runs onClick. */
  function button(label, onClick, className) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (className) {
      b.className = className;
    }
    b.addEventListener('click', (event) => {
      event.stopPropagation();
      onClick();
    });
    return b;
  }

  /** 12345 as "12,345". */
  function count(value) {
    return numbers.format(Number(value || 0));
  }

  /** A duration in ms as "850 ms", "42 s", "3 min", "2 h". */
  function age(ms) {
    const value = Number(ms || 0);
    if (value < 1000) {
      return Math.round(value) + ' ms';
    }
    if (value < 120000) {
      return Math.round(value / 1000) + ' s';
    }
    return value < 7200000 ? Math.round(value / 60000) + ' min' : Math.round(value / 3600000) + ' h';
  }

  /** A wall-clock time (ms) as "12:01:02". */
  function clock(ms) {
    return new Date(Number(ms)).toLocaleTimeString('en-GB');
  }

  /** A rate in messages per second as "12.5". */
  function perSecond(value) {
    return value === undefined || value === null ? '' : Number(value).toFixed(1);
  }

  /**
   * Per-second rates from counters: rate(key, count, atMillis) is the increase since the last
   * call for key, per second; undefined on the first call, or when the counter went back (a restart).
   */
  class Rates {
    constructor() {
      this.last = new Map();
    }

    rate(key, value, atMillis) {
      const previous = this.last.get(key);
      this.last.set(key, {value: Number(value || 0), at: atMillis});
      if (!previous || atMillis <= previous.at || value < previous.value) {
        return previous && value < previous.value ? 0 : undefined;
      }
      return (value - previous.value) * 1000 / (atMillis - previous.at);
    }
  }

  /** The address of the management node of the service listening on host:port. */
  function managementOf(instance) {
    return '//' + instance + '/$management';
  }

  /** Asks before an action: resolves to true when the user confirms in the dialog. */
  function confirmAction(text, okLabel) {
    const dialog = el('confirm');
    el('confirm-text').textContent = text;
    el('confirm-ok').textContent = okLabel;
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
      dialog.returnValue = '';
      dialog.showModal();
    });
  }

  /** Adds a line to the page's log of actions, newest first. */
  function logAction(text, failed) {
    const item = document.createElement('li');
    item.textContent = clock(Date.now()) + '  ' + text;
    if (failed) {
      item.className = 'failed';
    }
    el('activity').querySelector('ol').prepend(item);
  }

  return {el, row, button, count, age, clock, perSecond, Rates, managementOf, confirmAction, logAction};
})();
