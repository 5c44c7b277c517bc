//! Static optimisation, solved exactly and fast through its dual.
//!
//! Problem at each frame (the usual one, e.g. OpenSim's static optimisation with reserves):
//!
//!   minimise  ½ Σ aᵢ² + ½ Σ (rⱼ / Rⱼ)²   subject to   A a + r = b,   lᵢ ≤ a ≤ 1,
//!
//! with lᵢ a muscle's activation floor: 0, or a voluntary co-contraction such as abdominal
//! bracing (`bracing.rs`).
//!
//! with a the activations, A the moment per unit activation (moment arm × maximum force) at every
//! lumbar level and hip (three components) and knee and ankle (flexion–extension; `rows.rs`), b
//! the net joint moments the muscles must supply, r reserve moments with
//! optimal moment Rⱼ (penalised, reported, never hidden).
//!
//! Its dual is unconstrained in the multipliers λ (one per moment row, 25 here):
//! a = clamp(Aᵀλ, l, 1), r = R²λ, and λ solves the piecewise-linear equation
//! (R² + A·diag(free)·Aᵀ) λ = b − A·(activations at 1). A semismooth Newton method with a line
//! search on the concave dual solves it in a handful of 25×25 Cholesky steps, warm-started from
//! the previous frame. A general QP solver (Clarabel) would do the same work in a sparse
//! interior-point method about a hundred times slower; the tests compare the two.
//!
//! Squared activations are DESIGN.md's choice and OpenSim's default. The cubic criterion
//! (Crowninshield & Brand 1981, J Biomech 14:793: Σ stress³, the same as Σ a³ at one maximum
//! stress) was tried as a temporary switch (2026-11-22, on the model of then, with Christophy's
//! lumped erectors and six Arshad families) and changed none of the model's disagreements with
//! the literature: normal walking's hip contact 3.48 → 3.50 BW (fast 4.30 → 4.41), L4–L5 AP
//! shear 0.287 → 0.289 BW, Arshad 2018's trunk families still two of six in range (multifidus
//! 28.3 → 24.6 %BW), the 40 % gluteus medius peaking at activation 0.71 instead of 0.80.
//! Tried again on the model of today (AnyBody's erectors and multifidus; Σa³ solved by Clarabel
//! with power cones on normal walking's own problems, the same harness reproducing Σa² to the
//! digit): hip contact 3.46 → 3.47 BW, Arshad's eight muscles still three in range
//! (multifidus 25.7 → 28.2 %BW, iliocostalis thoracis 9.7 → 7.1, lumborum 9.6 → 10.2). A cubic
//! criterion is the polynomial one AnyBody offers; it is not what sets the model apart from
//! Arshad's.

use nalgebra::{SMatrix, SVector};

/// Moment rows: three per lumbar level and hip, one per knee and ankle (`dynamics::cuts`).
pub const N_ROWS: usize = crate::dynamics::N_MOMENT_ROWS;
/// Reserve actuators' optimal moment, N·m: a reserve of 1 N·m costs as much as one fully active
/// muscle, so reserves only carry what the muscles cannot.
pub const RESERVE_OPTIMAL_NM: f64 = 1.0;

pub type Col = SVector<f64, N_ROWS>;
type Mat = SMatrix<f64, N_ROWS, N_ROWS>;

/// One frame's problem: columns of A and the right-hand side b.
#[derive(Clone, Debug, Default)]
pub struct SoProblem {
    pub columns: Vec<Col>,
    /// For each column, the range of rows that can be non-zero (a hip muscle touches only its
    /// leg's rows): the Newton matrix is assembled on those blocks only.
    pub rows: Vec<std::ops::Range<usize>>,
    pub b: Col,
    /// Each column's activation floor in [0, 1); empty means every floor is 0.
    pub lower: Vec<f64>,
}

#[derive(Clone, Debug, Default)]
pub struct SoSolution {
    pub activation: Vec<f64>,
    pub reserve: Col,
    pub iterations: usize,
}

/// Keeps the last two frames' multipliers to warm-start the next frame, and its per-column
/// buffers (no allocation per frame once they have grown).
#[derive(Clone, Debug)]
pub struct SoSolver {
    lambda: Col,
    lambda_prev: Col,
    w: f64,
    /// Each column's Aᵀλ at the current and the trial multipliers, and whether it is free.
    u: Vec<f64>,
    u_trial: Vec<f64>,
    free: Vec<bool>,
}

impl Default for SoSolver {
    fn default() -> Self {
        SoSolver {
            lambda: Col::zeros(),
            lambda_prev: Col::zeros(),
            w: RESERVE_OPTIMAL_NM * RESERVE_OPTIMAL_NM,
            u: Vec::new(),
            u_trial: Vec::new(),
            free: Vec::new(),
        }
    }
}

fn conj(u: f64, lo: f64) -> f64 {
    // Convex conjugate of ½a² on [lo, 1].
    if u <= lo {
        u * lo - 0.5 * lo * lo
    } else if u <= 1.0 {
        0.5 * u * u
    } else {
        u - 0.5
    }
}

impl SoProblem {
    /// Column k's activation floor.
    #[inline]
    pub fn floor(&self, k: usize) -> f64 {
        self.lower.get(k).copied().unwrap_or(0.0)
    }

    /// Column k · λ, over the rows the column can touch.
    #[inline]
    fn dot(&self, k: usize, l: &Col) -> f64 {
        match self.rows.get(k) {
            Some(r) => {
                let (c, l) = (&self.columns[k].as_slice()[r.clone()], &l.as_slice()[r.clone()]);
                c.iter().zip(l).map(|(a, b)| a * b).sum()
            }
            None => self.columns[k].dot(l),
        }
    }
}

impl SoSolver {
    /// Forget the warm start (for a new, unrelated sequence of frames).
    pub fn reset(&mut self) {
        self.lambda = Col::zeros();
        self.lambda_prev = Col::zeros();
    }

    /// The dual at λ, and each column's Aᵀλ (kept: the next gradient needs the same dots).
    fn dual(&self, p: &SoProblem, l: &Col, u: &mut Vec<f64>) -> f64 {
        let mut d = l.dot(&p.b) - 0.5 * self.w * l.norm_squared();
        u.clear();
        for k in 0..p.columns.len() {
            let uk = p.dot(k, l);
            u.push(uk);
            d -= conj(uk, p.floor(k));
        }
        d
    }

    /// The dual's gradient at the λ whose dots are `u`.
    fn gradient(&self, p: &SoProblem, l: &Col, u: &[f64]) -> Col {
        let mut g = p.b - l * self.w;
        for (k, c) in p.columns.iter().enumerate() {
            let a = u[k].clamp(p.floor(k), 1.0);
            if a > 0.0 {
                match p.rows.get(k) {
                    Some(r) => {
                        for (gi, ci) in g.as_mut_slice()[r.clone()].iter_mut().zip(&c.as_slice()[r.clone()]) {
                            *gi -= ci * a;
                        }
                    }
                    None => g -= c * a,
                }
            }
        }
        g
    }

    /// Adds `sign`·c cᵀ to the Newton matrix's lower triangle (all Cholesky reads), on the
    /// column's block of rows only.
    fn rank_one(h: &mut Mat, p: &SoProblem, k: usize, sign: f64) {
        let c = &p.columns[k];
        match p.rows.get(k) {
            Some(r) => {
                let block = c.rows(r.start, r.len());
                h.view_mut((r.start, r.start), (r.len(), r.len())).syger(sign, &block, &block, 1.0);
            }
            None => h.syger(sign, c, c, 1.0),
        }
    }

    pub fn solve(&mut self, p: &SoProblem, out: &mut SoSolution) -> Result<(), String> {
        let scale = 1.0 + p.b.amax();
        // Frames come in time order: start from the multipliers extrapolated linearly from the
        // last two frames (measured on normal walking: 651 dual evaluations for 100 frames
        // instead of 840 from the last frame's alone). Any start converges; this one is closer.
        let mut l = self.lambda * 2.0 - self.lambda_prev;
        let mut iterations = 0;
        let n = p.columns.len();
        let (mut u, mut u_trial) = (std::mem::take(&mut self.u), std::mem::take(&mut self.u_trial));
        let mut d0 = self.dual(p, &l, &mut u);
        // The Newton matrix R² + A·diag(free)·Aᵀ and the free set it was built for: between
        // Newton steps only the columns that enter or leave the free set change it, so it is
        // updated by those rank-one terms instead of rebuilt (the first step builds it).
        let mut h = Mat::identity() * self.w;
        let mut free = std::mem::take(&mut self.free);
        free.clear();
        free.resize(n, false);
        for it in 0..100 {
            iterations = it + 1;
            let g = self.gradient(p, &l, &u);
            if g.amax() <= 1e-9 * scale {
                break;
            }
            for k in 0..n {
                let now = u[k] > p.floor(k) && u[k] < 1.0;
                if now != free[k] {
                    Self::rank_one(&mut h, p, k, if now { 1.0 } else { -1.0 });
                    free[k] = now;
                }
            }
            let chol = h.cholesky().ok_or("static optimisation: singular Newton system")?;
            let step = chol.solve(&g);
            // Backtracking on the concave dual keeps the method convergent across set changes.
            let slope = g.dot(&step);
            let mut t = 1.0;
            loop {
                let trial = l + step * t;
                let d = self.dual(p, &trial, &mut u_trial);
                if d >= d0 + 1e-4 * t * slope || t < 1e-10 {
                    l = trial;
                    d0 = d;
                    std::mem::swap(&mut u, &mut u_trial);
                    break;
                }
                t *= 0.5;
            }
        }
        self.lambda_prev = self.lambda;
        self.lambda = l;
        out.activation.clear();
        out.activation.extend(u.iter().enumerate().map(|(k, uk)| uk.clamp(p.floor(k), 1.0)));
        out.reserve = l * self.w;
        out.iterations = iterations;
        (self.u, self.u_trial, self.free) = (u, u_trial, free);
        if !out.reserve.iter().all(|r| r.is_finite()) {
            return Err("static optimisation did not converge".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two muscles on one row: the cheaper split puts more on the stronger, and saturation
    /// hands the rest to the reserve.
    #[test]
    fn splits_and_saturates() {
        let mut p = SoProblem::default();
        let mut c1 = Col::zeros();
        c1[0] = 10.0;
        let mut c2 = Col::zeros();
        c2[0] = 20.0;
        p.columns = vec![c1, c2];
        p.b[0] = 15.0;
        let mut s = SoSolver::default();
        let mut out = SoSolution::default();
        s.solve(&p, &mut out).unwrap();
        // a ∝ column: a1 = 10λ, a2 = 20λ, 100λ + 400λ + λ = 15.
        let lam = 15.0 / 501.0;
        assert!((out.activation[0] - 10.0 * lam).abs() < 1e-9);
        assert!((out.activation[1] - 20.0 * lam).abs() < 1e-9);
        p.b[0] = 100.0;
        s.solve(&p, &mut out).unwrap();
        assert_eq!(out.activation, vec![1.0, 1.0]);
        assert!((out.reserve[0] - 70.0).abs() < 1e-9);
    }

    /// A floor on one muscle: it works at least that hard, and its agonist works harder to
    /// balance it, while the moment is still met.
    #[test]
    fn floor_holds_and_the_agonist_balances_it() {
        let mut p = SoProblem::default();
        let (mut c1, mut c2) = (Col::zeros(), Col::zeros());
        c1[0] = 10.0;
        c2[0] = -20.0; // an antagonist
        p.columns = vec![c1, c2];
        p.b[0] = 3.0;
        let mut s = SoSolver::default();
        let mut out = SoSolution::default();
        s.solve(&p, &mut out).unwrap();
        assert_eq!(out.activation[1], 0.0, "no co-contraction without a floor");
        let free = out.activation[0];
        p.lower = vec![0.0, 0.3];
        s.solve(&p, &mut out).unwrap();
        assert!((out.activation[1] - 0.3).abs() < 1e-12, "{:?}", out.activation);
        let moment = 10.0 * out.activation[0] - 20.0 * out.activation[1] + out.reserve[0];
        assert!((moment - 3.0).abs() < 1e-9, "{moment}");
        assert!(out.activation[0] > free, "{} vs {free}", out.activation[0]);
    }
}
