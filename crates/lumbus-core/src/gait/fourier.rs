//! Evaluating the measured template's Fourier series at a phase (with its derivatives).

use super::template_data::FourierSeries;
use crate::jet::{DualNum, J, c};
use std::f64::consts::TAU;

/// mean + Σ_k (cos[k-1]·cos(2πkp) + sin[k-1]·sin(2πkp)) at phase `p` (a jet: its derivatives
/// carry through).
fn sum(mean: f64, cos: &[f64], sin: &[f64], p: J) -> J {
    // Harmonic k+1 from harmonic k by the angle-addition rule: one sine and cosine per series
    // instead of one per harmonic (they were a quarter of a whole run's time).
    let (s1, c1) = (p * TAU).sin_cos();
    let (mut ck, mut sk) = (c1, s1);
    let mut v = c(mean);
    for (k, (a, b)) in cos.iter().zip(sin.iter()).enumerate() {
        if k > 0 {
            (ck, sk) = (ck * c1 - sk * s1, sk * c1 + ck * s1);
        }
        v += ck * *a + sk * *b;
    }
    v
}

impl FourierSeries {
    /// Value at phase `p` (a jet: its derivatives carry through).
    pub fn at(&self, p: J) -> J {
        sum(self.mean, self.cos, self.sin, p)
    }

    /// Plain value at a phase.
    pub fn value(&self, p: f64) -> f64 {
        self.at(c(p)).re
    }

    /// Peak-to-peak range over a cycle (sampled finely).
    pub fn range(&self) -> f64 {
        let (mut lo, mut hi) = (f64::MAX, f64::MIN);
        for i in 0..400 {
            let v = self.value(i as f64 / 400.0);
            lo = lo.min(v);
            hi = hi.max(v);
        }
        hi - lo
    }
}

/// A zero-mean Fourier series built at run time (a plan's own correction), same convention as
/// [`FourierSeries`].
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub cos: Vec<f64>,
    pub sin: Vec<f64>,
}

impl Series {
    pub fn with_harmonics(n: usize) -> Series {
        Series { cos: vec![0.0; n], sin: vec![0.0; n] }
    }

    /// Value at phase `p` (a jet).
    pub fn at(&self, p: J) -> J {
        sum(0.0, &self.cos, &self.sin, p)
    }
}
