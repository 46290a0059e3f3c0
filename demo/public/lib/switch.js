// The switch every demo page shows: "browser's own WebRTC / wasmrtc". The choice lives in the URL
// (?impl=native or ?impl=wasmrtc) so a link or a reload keeps it, and two tabs of the same page can
// use different implementations and talk to each other.

export const IMPLEMENTATIONS = {
  native: "browser's own WebRTC",
  wasmrtc: 'wasmrtc',
};
const DEFAULT = 'wasmrtc';

/** 'native' or 'wasmrtc', from ?impl= (wasmrtc when missing or unknown). */
export function currentImplementation(url = location.href) {
  const value = new URL(url).searchParams.get('impl');
  return Object.hasOwn(IMPLEMENTATIONS, value) ? value : DEFAULT;
}

/** Writes ?impl= into the address bar without reloading. */
export function setImplementation(implementation) {
  const url = new URL(location.href);
  url.searchParams.set('impl', implementation);
  history.replaceState(null, '', url);
}

/**
 * Renders the toggle into `container`: one radio button per implementation. onChange(implementation)
 * runs after the URL is updated; pages usually disconnect and let the user join again. Returns
 * {value, setDisabled(bool)}: pages disable it while connected, since a live connection cannot
 * change its implementation.
 */
export function renderImplementationSwitch(container, { onChange = () => {} } = {}) {
  const fieldset = document.createElement('fieldset');
  fieldset.className = 'impl-switch';
  const legend = document.createElement('legend');
  legend.textContent = 'WebRTC implementation';
  fieldset.append(legend);
  const selected = currentImplementation();
  for (const [value, label] of Object.entries(IMPLEMENTATIONS)) {
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'impl';
    input.value = value;
    input.id = `impl-${value}`;
    input.checked = value === selected;
    input.addEventListener('change', () => {
      setImplementation(value);
      onChange(value);
    });
    const text = document.createElement('label');
    text.htmlFor = input.id;
    text.textContent = label;
    fieldset.append(input, text);
  }
  if (typeof RTCPeerConnection !== 'function') {
    // Some browsers can have WebRTC turned off; wasmrtc still works there.
    fieldset.querySelector('#impl-native').disabled = true;
  }
  container.replaceChildren(fieldset);
  return {
    get value() { return currentImplementation(); },
    setDisabled(disabled) { fieldset.disabled = disabled; },
  };
}
