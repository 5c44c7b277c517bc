use lumbus_forward::*;
#[test]
fn probe() {
    let mut scene = lumbus_core::Scene::default();
    scene.gait.cycles = 2;
    let engine = lumbus_core::Engine::new(&scene).unwrap();
    let t0 = std::time::Instant::now();
    let out = simulate(&engine, &ForwardOptions::default());
    eprintln!("wall {:?}", t0.elapsed());
    match out {
        Err(e) => panic!("{e}"),
        Ok(o) => {
            eprintln!("{:?}", o.tracking);
            let bw = engine.model.body_weight;
            let rf: f64 =
                o.residual_force_n.iter().map(|f| nalgebra::Vector3::from(*f).norm()).fold(0.0, f64::max);
            let rt: f64 =
                o.residual_torque_nm.iter().map(|f| nalgebra::Vector3::from(*f).norm()).fold(0.0, f64::max);
            eprintln!("residual peak {rf:.1} N ({:.3} BW) {rt:.1} Nm", rf / bw);
            eprintln!("grf {:?}", o.summary.grf_vertical_peak_bw);
            for f in o.frames.iter().step_by(5) {
                eprintln!(
                    "{:5.1} grf {:7.1} {:7.1} L5S1 {:?}",
                    f.cycle_pct, f.grf_n[0][1], f.grf_n[1][1], f.levels[4].net_moment_nm
                );
            }
            eprintln!("{:?}", o.events);
        }
    }
}
