//! How low any muscle sharing could bring the hip contact: at a frame, the least contact over
//! all activations within the muscles' limits that balance the same net moments as the static
//! optimisation (its constraints, the contact's magnitude minimised instead of Σa²). What the
//! static optimisation's contact has above that floor is its criterion's doing; the floor is set
//! by the gait's net moments and the muscles' lines.
//!
//! A second-order cone program, solved by Clarabel (the engine's own solver is specialised to
//! Σa²). Used by the validation report and `examples/hip_decomposition.rs`.

use clarabel::algebra::CscMatrix;
use clarabel::solver::{DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT};
use lumbus_core::dynamics::CUT_HIP;
use lumbus_core::gait::Pose;
use lumbus_core::muscles::{N_ROWS, SoProblem};
use lumbus_core::{Engine, Frame};
use nalgebra::Vector3;

/// Reserve moments stay in the problem only to keep it feasible: each N·m² costs as much as
/// this many body weights of contact, so they never stand in for muscles (costed at a million
/// body weights instead, normal, slow and fast walking give the same floors to the digit).
const RESERVE_COST_BW: f64 = 50.0;

/// The least contact at the hip of `side`, N, for one frame's static-optimisation problem `p`,
/// the frame it solved and that frame's pose (`Engine::muscle_problems` and `Engine::pose` for
/// a generated gait): minimise s + cost·Σr² over activations a (each between its floor and 1),
/// reserves r and s, subject to A a + r = b and ‖c₀ − Σ pullₘ·Fmaxₘ·aₘ‖ ≤ s, c₀ the contact
/// with every muscle slack.
pub fn least_hip_contact(
    engine: &Engine,
    p: &SoProblem,
    frame: &Frame,
    pose: &Pose,
    side: usize,
) -> Result<f64, String> {
    let model = &engine.model;
    let n = model.muscles.len();
    let j = CUT_HIP[side];
    let jac = engine.muscle_jacobian(pose);
    // contact = net force − Σ pulls (`pipeline.rs`): add this frame's pulls back.
    let mut c0 = Vector3::from(frame.hip_contact_n[side]);
    for m in 0..n {
        c0 += jac.force[m][j] * frame.muscle_force_n[m];
    }
    // Variables: a (n), r (N_ROWS), s. Rows: A a + r = b; −a ≤ −floor; a ≤ 1; (s, c₀ − P a) in
    // the second-order cone.
    let (nv, s_var, soc) = (n + N_ROWS + 1, n + N_ROWS, N_ROWS + 2 * n);
    let reserve = 2.0 * RESERVE_COST_BW * model.body_weight;
    let p_diag: Vec<f64> = (0..nv).map(|i| if (n..s_var).contains(&i) { reserve } else { 0.0 }).collect();
    let pm = CscMatrix::new(nv, nv, (0..=nv).collect(), (0..nv).collect(), p_diag);
    let mut q = vec![0.0; nv];
    q[s_var] = 1.0;
    let (mut colptr, mut rowval, mut nzval) = (vec![0], vec![], vec![]);
    for (k, c) in p.columns.iter().enumerate() {
        for r in (0..N_ROWS).filter(|&r| c[r] != 0.0) {
            rowval.push(r);
            nzval.push(c[r]);
        }
        rowval.extend([N_ROWS + k, N_ROWS + n + k]);
        nzval.extend([-1.0, 1.0]);
        let pull = jac.force[k][j] * model.muscles[k].max_force;
        for i in (0..3).filter(|&i| pull[i] != 0.0) {
            rowval.push(soc + 1 + i);
            nzval.push(pull[i]);
        }
        colptr.push(rowval.len());
    }
    for r in 0..N_ROWS {
        rowval.push(r);
        nzval.push(1.0);
        colptr.push(rowval.len());
    }
    rowval.push(soc);
    nzval.push(-1.0);
    colptr.push(rowval.len());
    let am = CscMatrix::new(soc + 4, nv, colptr, rowval, nzval);
    let mut b: Vec<f64> = p.b.iter().copied().collect();
    b.extend((0..n).map(|k| -p.floor(k)));
    b.extend(std::iter::repeat_n(1.0, n));
    b.extend([0.0, c0.x, c0.y, c0.z]);
    let cones = [
        SupportedConeT::ZeroConeT(N_ROWS),
        SupportedConeT::NonnegativeConeT(2 * n),
        SupportedConeT::SecondOrderConeT(4),
    ];
    let settings = DefaultSettingsBuilder::default().verbose(false).build().map_err(|e| e.to_string())?;
    let mut solver = DefaultSolver::new(&pm, &q, &am, &b, &cones, settings).map_err(|e| format!("{e:?}"))?;
    solver.solve();
    match solver.solution.status {
        SolverStatus::Solved => Ok(solver.solution.x[s_var]),
        other => Err(format!("the least hip contact at {:.0} % of the cycle: {other:?}", frame.cycle_pct)),
    }
}

/// Each frame's least contact at the hip of `side`, BW, for a generated gait (zero where its
/// foot carries no load).
pub fn least_hip_contacts_bw(engine: &Engine, side: usize) -> Result<Vec<f64>, String> {
    let problems = engine.muscle_problems().map_err(|e| e.to_string())?;
    problems
        .iter()
        .map(|(p, frame)| {
            if frame.grf_n[side][1] > 0.0 {
                let pose = engine.pose(frame.time_s);
                Ok(least_hip_contact(engine, p, frame, &pose, side)? / engine.model.body_weight)
            } else {
                Ok(0.0)
            }
        })
        .collect()
}
