//! The fast static-optimisation solver against a general QP solver (Clarabel), on the real
//! problems of a walk: same objective (½Σa² + ½Σ(r/R)²), same constraints (A a + r = b,
//! 0 ≤ a ≤ 1), so the same optimum.

mod common;

use clarabel::algebra::CscMatrix;
use clarabel::solver::{DefaultSettingsBuilder, DefaultSolver, IPSolver, SupportedConeT};
use lumbus::core::Engine;
use lumbus::core::muscles::{N_ROWS, RESERVE_OPTIMAL_NM, SoProblem};

/// Solves the problem with Clarabel; returns the activations.
fn clarabel_activations(p: &SoProblem) -> Vec<f64> {
    let n = p.columns.len();
    let nv = n + N_ROWS;
    // P = diag(1 for activations, 1/R² for reserves).
    let diag: Vec<f64> =
        (0..nv).map(|i| if i < n { 1.0 } else { 1.0 / (RESERVE_OPTIMAL_NM * RESERVE_OPTIMAL_NM) }).collect();
    let pm = CscMatrix::new(nv, nv, (0..=nv).collect(), (0..nv).collect(), diag);
    let q = vec![0.0; nv];
    // Rows: N_ROWS equalities A a + r = b, then −a ≤ 0 and a ≤ 1.
    let m = N_ROWS + 2 * n;
    let (mut colptr, mut rowval, mut nzval) = (vec![0], vec![], vec![]);
    for (k, c) in p.columns.iter().enumerate() {
        for r in 0..N_ROWS {
            if c[r] != 0.0 {
                rowval.push(r);
                nzval.push(c[r]);
            }
        }
        rowval.extend([N_ROWS + k, N_ROWS + n + k]);
        nzval.extend([-1.0, 1.0]);
        colptr.push(rowval.len());
    }
    for r in 0..N_ROWS {
        rowval.push(r);
        nzval.push(1.0);
        colptr.push(rowval.len());
    }
    let am = CscMatrix::new(m, nv, colptr, rowval, nzval);
    let mut b: Vec<f64> = p.b.iter().cloned().collect();
    b.extend(std::iter::repeat_n(0.0, n));
    b.extend(std::iter::repeat_n(1.0, n));
    let cones = [SupportedConeT::ZeroConeT(N_ROWS), SupportedConeT::NonnegativeConeT(2 * n)];
    let settings = DefaultSettingsBuilder::default()
        .verbose(false)
        .tol_gap_abs(1e-10)
        .tol_gap_rel(1e-10)
        .tol_feas(1e-10)
        .build()
        .unwrap();
    let mut solver = DefaultSolver::new(&pm, &q, &am, &b, &cones, settings).unwrap();
    solver.solve();
    solver.solution.x[..n].to_vec()
}

#[test]
fn fast_solver_agrees_with_clarabel_on_a_walk() {
    for name in ["normal_walking", "weak_gluteus_medius"] {
        let engine = Engine::new(&common::scene(name)).unwrap();
        let problems = engine.muscle_problems().unwrap();
        let mut worst: f64 = 0.0;
        for (i, (p, frame)) in problems.iter().enumerate().step_by(7) {
            let reference = clarabel_activations(p);
            for (k, (a, m)) in reference.iter().zip(&engine.model.muscles).enumerate() {
                let ours = frame.muscle_force_n[k] / m.max_force;
                worst = worst.max((ours - a).abs());
                assert!((ours - a).abs() < 1e-4, "{name} frame {i}, {}: {ours} vs Clarabel {a}", m.name);
            }
        }
        println!("{name}: largest activation difference {worst:.2e}");
    }
}

/// The hip contact's floor (`lumbus_batch::hip_floor`, the validation report's): at every frame
/// the static optimisation's own activations are one of the sharings the cone program searches,
/// so its least contact can be no larger than the static optimisation's contact (to the
/// solver's tolerance), and it must be positive where the foot is loaded.
#[test]
fn least_hip_contact_is_at_most_the_static_optimisations() {
    use lumbus::core::model::RIGHT;
    let engine = Engine::new(&common::scene("normal_walking")).unwrap();
    let out = engine.run().unwrap();
    let least = lumbus_batch::hip_floor::least_hip_contacts_bw(&engine, RIGHT).unwrap();
    let bw = engine.model.body_weight;
    for (f, floor) in out.frames.iter().zip(&least) {
        let so = nalgebra::Vector3::from(f.hip_contact_n[RIGHT]).norm() / bw;
        assert!(
            *floor <= so + 1e-6,
            "{:.0} %: least {floor:.4} BW above the static optimisation's {so:.4}",
            f.cycle_pct
        );
        if f.grf_n[RIGHT][1] > 0.0 {
            assert!(*floor > 0.0, "{:.0} %: least {floor}", f.cycle_pct);
        }
    }
}
