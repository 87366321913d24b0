import { useEffect, useState } from 'react';

/**
 * The ticket's QR code, drawn in the browser from its serial (the qrcode
 * library loads only on pages that show tickets).
 */
export function TicketQr({ value, label }: { value: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void import('qrcode').then((qr) =>
      qr.toDataURL(value, { margin: 1, width: 160, errorCorrectionLevel: 'M' }).then((url) => {
        if (!cancelled) setSrc(url);
      }),
    );
    return () => {
      cancelled = true;
    };
  }, [value]);
  return src ? (
    <img className="qr" src={src} width={160} height={160} alt={label} />
  ) : (
    <div className="qr qr-placeholder" role="img" aria-label={label} />
  );
}
