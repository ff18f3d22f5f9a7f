import { useStore } from 'zustand';
import { describeDevice } from '../compute/deviceInfo';
import { useStores } from './storesContext';

/** Shows which compute device the train worker found (WebGPU adapter or Wasm fallback). */
export function DeviceBadge() {
  const { device } = useStores();
  const status = useStore(device, (s) => s.status);
  const text =
    status.state === 'detecting'
      ? 'Detecting compute device…'
      : status.state === 'ready'
        ? describeDevice(status.info)
        : `No compute device: ${status.failure.message}`;
  const kind = status.state === 'ready' ? status.info.kind : status.state;
  return (
    <p
      className={`device-badge device-${kind}`}
      role="status"
      data-testid="device-badge"
      data-device={kind}
    >
      {text}
    </p>
  );
}
