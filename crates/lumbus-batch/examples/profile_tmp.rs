use std::time::Instant;
fn main() {
    let s = lumbus_batch::Sweep::load(std::path::Path::new("benches/sweeps/sweep_1k.toml")).unwrap();
    let (mut tn, mut tr, mut ta) = (0.0, 0.0, 0.0);
    let ids: Vec<u64> = (0..s.count()).step_by(25).collect();
    for &id in &ids {
        let t0 = Instant::now();
        let scene = s.scene(id).unwrap();
        let t1 = Instant::now();
        let e = lumbus_core::Engine::new(&scene).unwrap();
        let t2 = Instant::now();
        let r = e.run();
        let t3 = Instant::now();
        ta += (t1 - t0).as_secs_f64();
        tn += (t2 - t1).as_secs_f64();
        tr += (t3 - t2).as_secs_f64();
        println!(
            "{id} {:?} new {:.1} ms run {:.1} ms {}",
            s.config(id),
            (t2 - t1).as_secs_f64() * 1e3,
            (t3 - t2).as_secs_f64() * 1e3,
            r.is_ok()
        );
    }
    let n = ids.len() as f64;
    println!("mean: apply {:.3} ms, new {:.2} ms, run {:.2} ms", ta / n * 1e3, tn / n * 1e3, tr / n * 1e3);
}
