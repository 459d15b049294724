import { useEffect, useEffectEvent, useRef, useState } from 'react';

export interface ImageBytes {
  data: Uint8Array;
  mime: string | null;
}

export interface BlobImageProps {
  /** Identifies the image; a new key loads it again. */
  imageKey: string;
  load: () => Promise<ImageBytes>;
  alt: string;
  className?: string;
  testId?: string;
  onClick?: () => void;
}

/**
 * An image from bytes (read from the services with image:read, or dropped onto the window), shown through a blob
 * URL that is revoked when the image goes away, so a gallery of hundreds of images does not leak memory.
 */
export function BlobImage({ imageKey, load, alt, className, testId, onClick }: BlobImageProps) {
  const ref = useRef<HTMLImageElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const read = useEffectEvent(load);

  useEffect(() => {
    let alive = true;
    let url: string | null = null;
    read().then(
      ({ data, mime }) => {
        if (!alive || !ref.current) return;
        url = URL.createObjectURL(new Blob([data.slice()], mime ? { type: mime } : {}));
        ref.current.src = url;
        setFailed(null);
      },
      (error: unknown) => alive && setFailed(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [imageKey]);

  if (failed) {
    return (
      <span className={`blob-image blob-image--failed ${className ?? ''}`} title={failed}>
        image unavailable
      </span>
    );
  }
  return <img ref={ref} className={`blob-image ${className ?? ''}`} alt={alt} data-testid={testId} onClick={onClick} />;
}
