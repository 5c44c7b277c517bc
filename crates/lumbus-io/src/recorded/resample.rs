//! Linear interpolation of recorded series onto other times.
//!
//! Files of one trial have different time bases (IK 0.4–1.6 s at 60 Hz, GRF 0–2.5 s at
//! 600 Hz), so every series is brought onto the kinematics' times, never paired row by row.
//! Extrapolation is refused: a target time outside the source range is an error naming both
//! ranges. The only slack is a rounding tolerance of 0.1 % of the source's smallest step
//! (files round times differently: the reference ID output starts at 0.39999976 s where the
//! IK starts at 0.4 s); times within it are clamped to the end sample.

use std::path::{Path, PathBuf};

use super::error::{RecordedError, Result};

/// Precomputed interpolation from one time base to another, reusable for every column.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearResampler {
    /// For each target time, the source sample at or before it …
    index: Vec<usize>,
    /// … and the weight of the next sample (0 at `index`, 1 at `index + 1`).
    weight: Vec<f64>,
    source_len: usize,
}

impl LinearResampler {
    /// Plans interpolation from `source_time` (strictly increasing, from the file
    /// `source_path`) onto `target_time` (any order; `target` names where they came from).
    pub fn new(
        source_path: &Path,
        source_time: &[f64],
        target: &str,
        target_time: &[f64],
    ) -> Result<LinearResampler> {
        let out_of_range = || RecordedError::OutOfRange {
            source_path: PathBuf::from(source_path),
            source_range: (
                source_time.first().copied().unwrap_or(f64::NAN),
                source_time.last().copied().unwrap_or(f64::NAN),
            ),
            target: target.to_string(),
            target_range: (
                target_time.iter().copied().fold(f64::INFINITY, f64::min),
                target_time.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            ),
        };
        let n = source_time.len();
        if n == 0 {
            return Err(out_of_range());
        }
        let min_step = source_time.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min);
        let tol = if min_step.is_finite() { 1e-3 * min_step } else { 1e-12 };
        let (t0, t1) = (source_time[0], source_time[n - 1]);
        let mut index = Vec::with_capacity(target_time.len());
        let mut weight = Vec::with_capacity(target_time.len());
        for &t in target_time {
            if !(t >= t0 - tol && t <= t1 + tol) {
                return Err(out_of_range());
            }
            let t = t.clamp(t0, t1);
            // Last source sample at or before t.
            let i = source_time.partition_point(|&s| s <= t).saturating_sub(1);
            if i + 1 >= n {
                index.push(n - 1);
                weight.push(0.0);
            } else {
                index.push(i);
                weight.push((t - source_time[i]) / (source_time[i + 1] - source_time[i]));
            }
        }
        Ok(LinearResampler { index, weight, source_len: n })
    }

    /// Number of target times.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether there are no target times.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Interpolates one series sampled at the source times.
    ///
    /// # Panics
    /// If `values` does not have one value per source time (a programming error).
    pub fn apply(&self, values: &[f64]) -> Vec<f64> {
        assert_eq!(values.len(), self.source_len, "one value per source time");
        self.index
            .iter()
            .zip(&self.weight)
            .map(|(&i, &w)| if w == 0.0 { values[i] } else { values[i] * (1.0 - w) + values[i + 1] * w })
            .collect()
    }

    /// Interpolates a series of 3-vectors.
    pub fn apply3(&self, values: &[[f64; 3]]) -> Vec<[f64; 3]> {
        assert_eq!(values.len(), self.source_len, "one value per source time");
        self.index
            .iter()
            .zip(&self.weight)
            .map(|(&i, &w)| {
                if w == 0.0 {
                    values[i]
                } else {
                    std::array::from_fn(|k| values[i][k] * (1.0 - w) + values[i + 1][k] * w)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recorded::table::Table;

    #[test]
    fn interpolates_linearly() {
        let src = [0.0, 1.0, 2.0, 4.0];
        let r = LinearResampler::new(Path::new("a.mot"), &src, "b.mot", &[0.0, 0.5, 3.0, 4.0]).unwrap();
        assert_eq!(r.apply(&[0.0, 10.0, 20.0, 0.0]), [0.0, 5.0, 10.0, 0.0]);
        assert_eq!(r.apply3(&[[0.0; 3], [10.0; 3], [20.0; 3], [0.0; 3]])[1], [5.0; 3]);
    }

    #[test]
    fn refuses_to_extrapolate_and_names_both_ranges() {
        let src = [0.4, 0.5, 0.6];
        let e = LinearResampler::new(Path::new("ik.mot"), &src, "grf.mot", &[0.0, 0.5]).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, RecordedError::OutOfRange { .. }));
        assert!(msg.contains("ik.mot") && msg.contains("grf.mot"), "{msg}");
        assert!(msg.contains("0.400000..0.600000") && msg.contains("0.000000..0.500000"), "{msg}");
        assert!(LinearResampler::new(Path::new("ik.mot"), &src, "x", &[0.61]).is_err());
    }

    #[test]
    fn tolerates_rounding_at_the_ends() {
        // The reference ID output starts at 0.39999976 s; the IK at 0.4 s.
        let src = [0.4, 0.41666667, 0.43333333];
        let r = LinearResampler::new(Path::new("ik.mot"), &src, "id.sto", &[0.39999976]).unwrap();
        assert_eq!(r.apply(&[1.0, 2.0, 3.0]), [1.0]);
    }

    #[test]
    fn resamples_the_real_grf_onto_the_ik_times() {
        use crate::recorded::test_data::data;
        let ik = Table::read(data("opensim/gait2354/subject01_walk1_ik.mot")).unwrap();
        let grf = Table::read(data("opensim/gait2354/subject01_walk1_grf.mot")).unwrap();
        let g = grf.resampled(&ik.time, "subject01_walk1_ik.mot").unwrap();
        assert_eq!(g.n_rows(), 73);
        // At a shared sample time (t = 0.4 s is a GRF row) the value is the GRF's own.
        let row = grf.time.iter().position(|&t| t == 0.4).unwrap();
        assert_eq!(g.column("ground_force_vy").unwrap()[0], grf.column("ground_force_vy").unwrap()[row]);
        // The other way round reaches outside the IK's 0.4–1.6 s.
        let e = ik.resampled(&grf.time, "subject01_walk1_grf.mot").unwrap_err();
        assert!(e.to_string().contains("subject01_walk1_ik.mot"));
    }
}
