/** A file chosen or dropped onto a framed area; the keyboard reaches the file input itself. */
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function DropZone({
  id,
  legend,
  label,
  accept,
  file,
  onFile,
}: {
  id: string;
  legend: string;
  label: string;
  accept?: string;
  file: File | null;
  onFile: (file: File) => void;
}) {
  const { i18n } = useTranslation();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // a file dropped beside the zone must not replace the page (and the form typed in it)
  useEffect(() => {
    const keep = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, []);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (!dropped) return;
    // the input says which file it holds, as if it had been chosen (screen readers read it)
    if (input.current) input.current.files = event.dataTransfer.files;
    onFile(dropped);
  };
  return (
    <fieldset
      className={`dropzone wide${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="dropzone"
    >
      <legend>{legend}</legend>
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="file"
        accept={accept}
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          if (chosen) onFile(chosen);
        }}
      />
      {file && (
        <p>
          <strong>{file.name}</strong> ({Math.ceil(file.size / 1024).toLocaleString(i18n.language)} KB)
        </p>
      )}
    </fieldset>
  );
}
