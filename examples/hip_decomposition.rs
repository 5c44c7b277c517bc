//! Where the hip contact force comes from: at each of the right hip's two maxima in stance (the
//! largest contact in each half of its foot's stance), the contact split into the net joint
//! force (gravity and inertia of everything above the hip, and the ground) and each muscle
//! group's pull, each projected on the contact's direction, with the hip's net moments that
//! the muscles balance.
//!
//! And how low any muscle sharing could bring it: at every frame, the least contact over all
//! activations within the muscles' limits that balance the same moments (the static
//! optimisation's constraints, the contact's magnitude minimised instead of Σa²: a
//! second-order cone program, solved by Clarabel). What stays above that floor is the
//! sharing's; the floor itself is set by the gait's net moments and the muscles' lines.
//!
//! `cargo run --release --example hip_decomposition -- [scene.toml]` (default: normal walking;
//! `DETAIL=1` lists every muscle pulling at the maximum).

use clarabel::algebra::CscMatrix;
use clarabel::solver::{DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT};
use lumbus::core::dynamics::CUT_HIP;
use lumbus::core::model::MuscleGroup;
use lumbus::core::muscles::{N_ROWS, SoProblem};
use lumbus::core::{Engine, Frame, Scene};
use nalgebra::Vector3;

const GROUPS: [MuscleGroup; 7] = [
    MuscleGroup::GluteusMedius,
    MuscleGroup::GluteusMinimus,
    MuscleGroup::GluteusMaximus,
    MuscleGroup::Hamstrings,
    MuscleGroup::HipFlexors,
    MuscleGroup::Psoas,
    MuscleGroup::OtherHip,
];

fn contact(f: &Frame) -> f64 {
    Vector3::from(f.hip_contact_n[0]).norm()
}

/// The least right-hip contact, N, over activations a in [0, 1] (and reserves r, each N·m
/// costing as much as 50 BW of contact: kept for feasibility, never used to lower the contact)
/// with A a + r = b: minimise s + 50·bw·Σr² subject to ‖c₀ − Σ pullₘ·Fmaxₘ·aₘ‖ ≤ s, c₀ the
/// contact with every muscle slack.
fn least_contact(engine: &Engine, p: &SoProblem, frame: &Frame) -> f64 {
    let model = &engine.model;
    let n = model.muscles.len();
    let j = CUT_HIP[0];
    let jac = engine.muscle_jacobian(&engine.pose(frame.time_s));
    let mut c0 = Vector3::from(frame.hip_contact_n[0]);
    for m in 0..n {
        c0 += jac.force[m][j] * frame.muscle_force_n[m];
    }
    // Variables: a (n), r (N_ROWS), s. Rows: A a + r = b; −a ≤ −floor (bracing's, else 0);
    // a ≤ 1; (s, c₀ − P a) ∈ SOC.
    let (nv, s_var, soc) = (n + N_ROWS + 1, n + N_ROWS, N_ROWS + 2 * n);
    let p_diag: Vec<f64> =
        (0..nv).map(|i| if (n..s_var).contains(&i) { 100.0 * model.body_weight } else { 0.0 }).collect();
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
    let settings = DefaultSettingsBuilder::default().verbose(false).build().expect("settings");
    let mut solver = DefaultSolver::new(&pm, &q, &am, &b, &cones, settings).expect("a well-formed problem");
    solver.solve();
    let status = solver.solution.status;
    assert!(matches!(status, SolverStatus::Solved), "least contact at {:.0} %: {status:?}", frame.cycle_pct);
    solver.solution.x[s_var]
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "scenes/normal_walking.toml".into());
    let scene: Scene = lumbus::io::load_scene(std::path::Path::new(&path)).expect("scene loads");
    let engine = Engine::new(&scene).expect("valid scene");
    let out = engine.run().expect("runs");
    let (bw, kg) = (engine.model.body_weight, engine.model.mass);
    let frames = &out.frames;
    let problems = engine.muscle_problems().expect("runs");
    let least: Vec<f64> = problems.iter().map(|(p, f)| least_contact(&engine, p, f) / bw).collect();
    // The largest contact in each half of the right stance (its foot loaded), as Bergmann's two
    // maxima are read.
    let stance: Vec<usize> = (0..frames.len()).filter(|&i| frames[i].grf_n[0][1] > 0.0).collect();
    let halves = stance.split_at(stance.len() / 2);
    let largest = |half: &[usize]| {
        *half.iter().max_by(|&&a, &&b| contact(&frames[a]).total_cmp(&contact(&frames[b]))).expect("a stance")
    };
    let maxima = [largest(halves.0), largest(halves.1)];

    println!("{path}: right hip contact at its maxima, BW, along the contact's direction");
    print!("{:>6} {:>7} {:>6} {:>6}", "cycle%", "contact", "least", "net");
    for g in GROUPS {
        print!(" {:>15}", g.name());
    }
    println!("   hip moment flex/abd/rot, N·m/kg");
    let j = CUT_HIP[0];
    for &i in &maxima {
        let fr = &frames[i];
        let pose = engine.pose(engine.times()[i]);
        let jac = engine.muscle_jacobian(&pose);
        let c = Vector3::from(fr.hip_contact_n[0]);
        let dir = c.normalize();
        // contact = net force − Σ muscle pulls on the leg (pipeline.rs), so each pull's share
        // of the contact is −pull·dir.
        let mut by_group = [0.0; GROUPS.len()];
        let mut detail = Vec::new();
        let mut muscles = Vector3::zeros();
        for (m, mu) in engine.model.muscles.iter().enumerate() {
            let pull = jac.force[m][j] * fr.muscle_force_n[m];
            muscles += pull;
            let share = -pull.dot(&dir) / bw;
            if let Some(k) = GROUPS.iter().position(|g| *g == mu.group) {
                by_group[k] += share;
            }
            if fr.muscle_force_n[m] > 1.0 && jac.force[m][j].norm() > 0.0 {
                detail.push((share, format!("{} {:.0} N ({:.2} BW)", mu.name, fr.muscle_force_n[m], share)));
            }
        }
        let net = (c + muscles).dot(&dir) / bw;
        let m = fr.hip_moment_nm[0];
        print!("{:>6.0} {:>7.2} {:>6.2} {:>6.2}", fr.cycle_pct, c.norm() / bw, least[i], net);
        for v in by_group {
            print!(" {:>15.2}", v);
        }
        // World axes: Z flexion (+) / extension, X abduction demand, Y rotation.
        println!("   {:+.2} / {:+.2} / {:+.2}", m[2] / kg, m[0] / kg, m[1] / kg);
        if std::env::var_os("DETAIL").is_some() {
            detail.sort_by(|a, b| b.0.total_cmp(&a.0));
            println!("        {}", detail.into_iter().map(|d| d.1).collect::<Vec<_>>().join("; "));
        }
    }
    let floor = stance.iter().map(|&i| least[i]).fold(0.0, f64::max);
    let peak = stance.iter().map(|&i| contact(&frames[i])).fold(0.0, f64::max) / bw;
    println!(
        "over the right stance, the contact's peak: {peak:.2} BW; the least any sharing could make it: {floor:.2} BW"
    );
}
