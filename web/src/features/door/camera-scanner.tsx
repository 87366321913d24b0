import { useEffect, useRef, useState } from 'react';

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
declare global {
  interface Window {
    BarcodeDetector?: {
      new (opts: { formats: string[] }): Detector;
      getSupportedFormats?: () => Promise<string[]>;
    };
  }
}

/** The platform's detector where it reads QR codes (Android, macOS, ChromeOS), else jsQR on the frame's pixels. */
async function makeDecoder(): Promise<(video: HTMLVideoElement, canvas: HTMLCanvasElement) => Promise<string | null>> {
  const native = window.BarcodeDetector;
  if (native && (await native.getSupportedFormats?.())?.includes('qr_code')) {
    const detector = new native({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  return async (video, canvas) => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(video, 0, 0, w, h);
    const frame = ctx.getImageData(0, 0, w, h);
    return jsQR(frame.data, w, h, { inversionAttempts: 'dontInvert' })?.data ?? null;
  };
}

/**
 * The back camera, read a few times a second. `onCode` gets each code once
 * until a different one is seen or 3 s pass, so a ticket held up to the
 * camera is not scanned over and over.
 */
export function CameraScanner({ onCode, onStop }: { onCode: (code: string) => void; onStop: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const handler = useRef(onCode);
  handler.current = onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const canvas = document.createElement('canvas');
    let last = { code: '', at: 0 };
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const decode = await makeDecoder();
        const tick = async () => {
          if (stopped || !video.current) return;
          const code = await decode(video.current, canvas).catch(() => null);
          if (code && (code !== last.code || Date.now() - last.at > 3_000)) {
            last = { code, at: Date.now() };
            handler.current(code);
          }
          timer = setTimeout(() => void tick(), 200);
        };
        void tick();
      } catch (e) {
        setError(e instanceof Error && e.name === 'NotAllowedError' ? 'Camera permission was refused' : 'No camera could be started');
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  return (
    <div className="camera">
      {error ? (
        <p role="alert">{error}: type the code below instead.</p>
      ) : (
        <video ref={video} className="camera-view" muted playsInline aria-label="Camera view: hold the ticket's QR code up to it" />
      )}
      <button type="button" className="button secondary small" onClick={onStop}>
        Stop camera
      </button>
    </div>
  );
}
