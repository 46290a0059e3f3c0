// The chat's DOM: a message log and a send form. Shared by chat.html (the connection lives in the
// page) and worker.html (it lives in a Web Worker); neither knows how the other side is reached.

/**
 * Wires the elements `log` (an <ol>), `form` (a <form> holding an <input name="message">).
 * onSend(text) is called for each non-empty message typed. Returns {show(who, text), setEnabled(bool)}
 * where who is 'me', 'peer' or 'info'.
 */
export function createChatView({ log, form, onSend }) {
  const input = form.elements.message;
  const button = form.querySelector('button');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    onSend(text);
    input.value = '';
    input.focus();
  });
  const view = {
    show(who, text) {
      const item = document.createElement('li');
      item.className = who;
      const name = { me: 'me', peer: 'peer', info: '' }[who] ?? who;
      if (name) {
        const label = document.createElement('b');
        label.textContent = `${name}: `;
        item.append(label);
      }
      item.append(text);   // text, never HTML: the peer is not trusted
      log.append(item);
      log.scrollTop = log.scrollHeight;
    },
    setEnabled(enabled) {
      input.disabled = !enabled;
      button.disabled = !enabled;
      if (enabled) input.focus();
    },
  };
  view.setEnabled(false);
  return view;
}
