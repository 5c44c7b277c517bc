//! Zero-lag low-pass filtering of the simulated frames' accelerations and residual, the way
//! measured gait data is processed before inverse dynamics: a 2nd-order Butterworth run forwards
//! and backwards (4th order, no phase shift), with the same cutoff for motion and loads
//! (Kristianslund, Krosshaug & van den Bogert 2012, J Biomech 45:666, on keeping them equal).

/// One 2nd-order Butterworth low-pass section (bilinear transform, prewarped).
struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
}

impl Biquad {
    fn low_pass(cutoff_hz: f64, sample_hz: f64) -> Biquad {
        let k = (std::f64::consts::PI * cutoff_hz / sample_hz).tan();
        let r2 = std::f64::consts::SQRT_2;
        let norm = 1.0 / (1.0 + r2 * k + k * k);
        let b0 = k * k * norm;
        Biquad { b: [b0, 2.0 * b0, b0], a: [2.0 * (k * k - 1.0) * norm, (1.0 - r2 * k + k * k) * norm] }
    }

    /// Filters in place, the state started as if the signal had always been its first value.
    fn run(&self, x: &mut [f64]) {
        let Some(&first) = x.first() else { return };
        let [b0, b1, b2] = self.b;
        let [a1, a2] = self.a;
        let (mut z1, mut z2) = ((1.0 - b0) * first, (b2 - a2) * first);
        for v in x.iter_mut() {
            let y = b0 * *v + z1;
            z1 = b1 * *v - a1 * y + z2;
            z2 = b2 * *v - a2 * y;
            *v = y;
        }
    }
}

/// Zero-lag low-pass of a series sampled at `sample_hz`, padded at both ends by odd reflection
/// (so a trend continues through the ends instead of a step).
pub fn filtfilt(series: &mut [f64], cutoff_hz: f64, sample_hz: f64) {
    let n = series.len();
    if n < 3 {
        return;
    }
    let pad = (3.0 * sample_hz / cutoff_hz).ceil() as usize;
    let pad = pad.min(n - 1);
    let mut x = Vec::with_capacity(n + 2 * pad);
    x.extend((1..=pad).rev().map(|i| 2.0 * series[0] - series[i]));
    x.extend_from_slice(series);
    x.extend((1..=pad).map(|i| 2.0 * series[n - 1] - series[n - 1 - i]));
    let f = Biquad::low_pass(cutoff_hz, sample_hz);
    f.run(&mut x);
    x.reverse();
    f.run(&mut x);
    x.reverse();
    series.copy_from_slice(&x[pad..pad + n]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A slow sine passes, a fast one is removed, and nothing is delayed.
    #[test]
    fn passes_slow_removes_fast_without_lag() {
        let fs = 100.0;
        let slow = |i: usize| (std::f64::consts::TAU * 1.0 * i as f64 / fs).sin();
        let mut x: Vec<f64> =
            (0..1000).map(|i| slow(i) + 0.5 * (std::f64::consts::TAU * 40.0 * i as f64 / fs).sin()).collect();
        filtfilt(&mut x, 10.0, fs);
        let worst = (100..900).map(|i| (x[i] - slow(i)).abs()).fold(0.0, f64::max);
        assert!(worst < 2e-3, "worst {worst}");
    }
}
