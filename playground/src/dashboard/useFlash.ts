import { useEffect, useRef, useState } from 'react';

/** 'flash-up' / 'flash-down' for about a second after `value` rises or falls, then ''. */
export function useFlash(value: number | null | undefined): string {
  const previous = useRef(value);
  const [flash, setFlash] = useState('');
  useEffect(() => {
    const before = previous.current;
    previous.current = value;
    if (before === undefined || before === null || value === undefined || value === null || before === value) return undefined;
    setFlash(value > before ? 'flash-up' : 'flash-down');
    const timer = setTimeout(() => setFlash(''), 1200);
    return () => clearTimeout(timer);
  }, [value]);
  return flash;
}
