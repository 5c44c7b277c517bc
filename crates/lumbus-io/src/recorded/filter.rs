//! Zero-lag low-pass filtering of recorded kinematics.
//!
//! A Butterworth low-pass (4th order by default, common in gait analysis)
//! is run forward then backward, which cancels its phase lag. The cut-off is that of the
//! single-pass design, as in OpenSim and MATLAB's `filtfilt`: after the two passes the gain
//! at the cut-off is 0.5 (−6 dB) and the effective order doubles.
//!
//! The filter is a cascade of second-order sections (plus one first-order section for odd
//! orders), designed by the bilinear transform with pre-warping; sections stay accurate at
//! low cut-off/sample-rate ratios where a single high-order polynomial loses precision.
//!
//! The ends are padded by odd reflection about the end values (`2·x₀ − x[i]`), which keeps
//! value and slope continuous, and each pass starts from the steady state of its first
//! sample, so the ends carry no start-up transient. A consequence (shared with OpenSim's
//! padding and scipy's `filtfilt`): the end samples act as pivots and keep their values,
//! noise included; trim a few samples when the ends matter.

use std::path::Path;

use super::error::{RecordedError, Result};

/// A designed Butterworth low-pass filter.
#[derive(Debug, Clone, PartialEq)]
pub struct ButterworthLowpass {
    sections: Vec<Section>,
    order: usize,
    cutoff_hz: f64,
    sample_rate_hz: f64,
}

/// One section in transposed direct form II: `b = [b0, b1, b2]`, `a = [1, a1, a2]`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Section {
    b: [f64; 3],
    a: [f64; 2],
}

impl Section {
    /// Filters in place, starting from the steady state for a constant input `x[0]`.
    fn run(&self, x: &mut [f64]) {
        let [b0, b1, b2] = self.b;
        let [a1, a2] = self.a;
        let Some(&x0) = x.first() else { return };
        // Steady state of a unit-DC-gain section fed a constant x0 (its output is x0).
        let mut z2 = (b2 - a2) * x0;
        let mut z1 = (1.0 - b0) * x0;
        for v in x.iter_mut() {
            let xi = *v;
            let y = b0 * xi + z1;
            z1 = b1 * xi - a1 * y + z2;
            z2 = b2 * xi - a2 * y;
            *v = y;
        }
    }
}

impl ButterworthLowpass {
    /// Designs an `order`-th order low-pass at `cutoff_hz` for samples at `sample_rate_hz`.
    pub fn new(order: usize, cutoff_hz: f64, sample_rate_hz: f64) -> Result<Self> {
        let invalid = |detail: String| Err(RecordedError::InvalidFilter { detail });
        if order == 0 {
            return invalid("the order must be at least 1".into());
        }
        if !(sample_rate_hz.is_finite() && sample_rate_hz > 0.0) {
            return invalid(format!("sample rate {sample_rate_hz} Hz is not positive"));
        }
        let nyquist = sample_rate_hz / 2.0;
        if !(cutoff_hz.is_finite() && cutoff_hz > 0.0 && cutoff_hz < nyquist) {
            return invalid(format!(
                "cut-off {cutoff_hz} Hz must lie between 0 and the Nyquist frequency \
                 {nyquist} Hz (sample rate {sample_rate_hz} Hz)"
            ));
        }
        // Pre-warped analog cut-off for the bilinear transform.
        let k = (std::f64::consts::PI * cutoff_hz / sample_rate_hz).tan();
        let mut sections = Vec::new();
        for i in 0..order / 2 {
            // Pole pair of the analog prototype: damping ζ = sin((2i+1)π / 2N).
            let zeta = ((2 * i + 1) as f64 * std::f64::consts::PI / (2 * order) as f64).sin();
            let norm = 1.0 / (1.0 + 2.0 * zeta * k + k * k);
            let b0 = k * k * norm;
            sections.push(Section {
                b: [b0, 2.0 * b0, b0],
                a: [2.0 * (k * k - 1.0) * norm, (1.0 - 2.0 * zeta * k + k * k) * norm],
            });
        }
        if order % 2 == 1 {
            let norm = 1.0 / (1.0 + k);
            sections.push(Section { b: [k * norm, k * norm, 0.0], a: [(k - 1.0) * norm, 0.0] });
        }
        Ok(ButterworthLowpass { sections, order, cutoff_hz, sample_rate_hz })
    }

    /// The filter order of one pass.
    pub fn order(&self) -> usize {
        self.order
    }

    /// The cut-off frequency of one pass, Hz.
    pub fn cutoff_hz(&self) -> f64 {
        self.cutoff_hz
    }

    /// One causal pass (with phase lag); mostly for tests and diagnostics.
    pub fn filter(&self, signal: &[f64]) -> Vec<f64> {
        let mut y = signal.to_vec();
        for s in &self.sections {
            s.run(&mut y);
        }
        y
    }

    /// Number of samples added at each end: three periods of the cut-off (the transient of
    /// the sections has died out well within that), at least 3·(order+1), at most n − 1.
    fn pad_len(&self, n: usize) -> usize {
        let periods = (3.0 * self.sample_rate_hz / self.cutoff_hz).ceil() as usize;
        periods.max(3 * (self.order + 1)).min(n.saturating_sub(1))
    }

    /// Zero-lag filtering: odd-reflection padding, forward pass, backward pass, unpadding.
    pub fn filtfilt(&self, signal: &[f64]) -> Vec<f64> {
        let n = signal.len();
        if n < 2 {
            return signal.to_vec();
        }
        let pad = self.pad_len(n);
        let (first, last) = (signal[0], signal[n - 1]);
        let mut x = Vec::with_capacity(n + 2 * pad);
        x.extend((1..=pad).rev().map(|i| 2.0 * first - signal[i]));
        x.extend_from_slice(signal);
        x.extend((1..=pad).map(|i| 2.0 * last - signal[n - 1 - i]));
        for s in &self.sections {
            s.run(&mut x);
        }
        x.reverse();
        for s in &self.sections {
            s.run(&mut x);
        }
        x.reverse();
        x[pad..pad + n].to_vec()
    }
}

/// Zero-lag 4th-order Butterworth low-pass of `signal` sampled at `sample_rate_hz`.
pub fn lowpass_filtfilt(signal: &[f64], sample_rate_hz: f64, cutoff_hz: f64) -> Result<Vec<f64>> {
    Ok(ButterworthLowpass::new(4, cutoff_hz, sample_rate_hz)?.filtfilt(signal))
}

/// The sample rate of evenly spaced `time`s, Hz. Steps may differ by 10 % (files round
/// times: the 600 Hz GRF files alternate 0.0016 s and 0.0017 s steps); more is refused.
pub(crate) fn uniform_rate(path: &Path, time: &[f64], what: &'static str) -> Result<f64> {
    let n = time.len();
    let steps = time.windows(2).map(|w| w[1] - w[0]);
    let (min_step, max_step) = steps.fold((f64::INFINITY, 0.0_f64), |(lo, hi), s| (lo.min(s), hi.max(s)));
    let mean = if n >= 2 { (time[n - 1] - time[0]) / (n - 1) as f64 } else { f64::NAN };
    if !(mean > 0.0 && min_step >= 0.9 * mean && max_step <= 1.1 * mean) {
        return Err(RecordedError::UnevenSampling { path: path.to_path_buf(), min_step, max_step, what });
    }
    Ok(1.0 / mean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn sine(freq: f64, rate: f64, n: usize) -> Vec<f64> {
        (0..n).map(|i| (2.0 * PI * freq * i as f64 / rate).sin()).collect()
    }

    fn rms(x: &[f64]) -> f64 {
        (x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64).sqrt()
    }

    #[test]
    fn dc_gain_is_one_and_design_is_butterworth() {
        for order in 1..=6 {
            let f = ButterworthLowpass::new(order, 6.0, 100.0).unwrap();
            let y = f.filtfilt(&[3.5; 200]);
            assert!(y.iter().all(|v| (v - 3.5).abs() < 1e-9), "order {order}");
        }
        // One pass at the cut-off: |H| = 1/√2, measured on a long sine after the transient.
        let rate = 1000.0;
        let f = ButterworthLowpass::new(4, 50.0, rate).unwrap();
        let x = sine(50.0, rate, 20_000);
        let y = f.filter(&x);
        let gain = rms(&y[10_000..]) / rms(&x[10_000..]);
        assert!((gain - std::f64::consts::FRAC_1_SQRT_2).abs() < 2e-3, "{gain}");
    }

    #[test]
    fn passes_a_slow_sine_without_lag() {
        // 1 Hz, well below a 6 Hz cut-off at 100 Hz: unchanged in amplitude and phase,
        // including at the ends thanks to the padding.
        let x = sine(1.0, 100.0, 300);
        let y = lowpass_filtfilt(&x, 100.0, 6.0).unwrap();
        let err = x.iter().zip(&y).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        assert!(err < 5e-3, "max error {err}");
    }

    #[test]
    fn removes_a_fast_sine() {
        // 20 Hz, above a 6 Hz cut-off: two passes of a 4th-order filter leave < 0.1 %.
        let x = sine(20.0, 100.0, 300);
        let y = lowpass_filtfilt(&x, 100.0, 6.0).unwrap();
        assert!(rms(&y[50..250]) < 1e-3 * rms(&x), "{}", rms(&y));
        // Odd reflection pins the end samples (x[0] = 0 here, x[299] ≈ −0.95), so what the
        // last sample holds stays there and fades over the final ~0.3 s.
        assert!((y[299] - x[299]).abs() < 1e-3);
        // A mixture keeps the slow part only, away from the pinned end.
        let slow = sine(1.0, 100.0, 300);
        let mix: Vec<f64> = slow.iter().zip(&x).map(|(a, b)| a + 0.5 * b).collect();
        let y = lowpass_filtfilt(&mix, 100.0, 6.0).unwrap();
        let err = y[0..240].iter().zip(&slow[0..240]).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        assert!(err < 5e-3, "{err}");
    }

    #[test]
    fn rejects_bad_settings() {
        assert!(ButterworthLowpass::new(4, 60.0, 100.0).is_err());
        assert!(ButterworthLowpass::new(4, 0.0, 100.0).is_err());
        assert!(ButterworthLowpass::new(0, 6.0, 100.0).is_err());
        assert!(uniform_rate(Path::new("a"), &[0.0, 0.1, 0.3], "filtering").is_err());
        let r = uniform_rate(Path::new("a"), &[0.0, 0.0016, 0.0033, 0.005], "x").unwrap();
        assert!((r - 600.0).abs() < 1e-9);
    }

    #[test]
    fn filters_real_kinematics() {
        use crate::recorded::coordinates::{CoordinateOptions, Kinematics};
        use crate::recorded::test_data::data;
        let k =
            Kinematics::read(data("opensim/gait2354/subject01_walk1_ik.mot"), &CoordinateOptions::default())
                .unwrap();
        let f = k.filtered(6.0).unwrap();
        // Walking knee angles have almost nothing above 6 Hz: filtering moves them < 2°.
        let (a, b) = (k.get("knee_angle_r").unwrap(), f.get("knee_angle_r").unwrap());
        let worst = a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max);
        assert!(worst < 2f64.to_radians(), "{worst}");
        assert!(worst > 0.0);
    }
}
