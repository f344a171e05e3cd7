import { useEffect, useState } from 'react'

let shared: AudioContext | null = null

/** True while the stream's audio level is above a speaking threshold (checked 5× a second). */
export function useSpeaking(stream: MediaStream): boolean {
  const [speaking, setSpeaking] = useState(false)
  const audioCount = stream.getAudioTracks().length
  useEffect(() => {
    if (!audioCount || typeof AudioContext === 'undefined') return
    shared ??= new AudioContext()
    const ctx = shared
    const source = ctx.createMediaStreamSource(stream)
    const analyser = ctx.createAnalyser()
    analyser.fftSize = 512
    source.connect(analyser)
    const buf = new Float32Array(analyser.fftSize)
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(buf)
      let sum = 0
      for (const v of buf) sum += v * v
      setSpeaking(Math.sqrt(sum / buf.length) > 0.02)
    }, 200)
    return () => {
      window.clearInterval(timer)
      source.disconnect()
    }
  }, [stream, audioCount])
  return speaking
}
