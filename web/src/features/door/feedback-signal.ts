/**
 * A short beep (WebAudio) and a buzz where the device can: gate staff look at
 * the person, not the screen. A high tone admits, a low double tone refuses.
 */
let audio: AudioContext | null = null;

/** Call from a click: browsers only let a page make sound after a gesture. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = null;
  }
}

export function signal(ok: boolean): void {
  navigator.vibrate?.(ok ? 120 : [80, 60, 80]);
  if (!audio) return;
  const tones = ok ? [880] : [220, 220];
  tones.forEach((hz, i) => {
    const osc = audio!.createOscillator();
    const gain = audio!.createGain();
    osc.frequency.value = hz;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(audio!.destination);
    const start = audio!.currentTime + i * 0.2;
    osc.start(start);
    osc.stop(start + 0.15);
  });
}
