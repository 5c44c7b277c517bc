//! Sweep throughput, in configurations per second, on 1 and 2 threads (criterion reports it as
//! elements/s). Configurations are independent, so 2 threads should give at least 1.8× the
//! 1-thread figure: the serial parts are the journal writer and the final table.
//!
//!     cargo bench --bench sweep
//!
//! Each iteration runs the whole sweep into a fresh folder (journal, table, Parquet included).

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use lumbus_batch::{Options, ProgressMode, Sweep};
use std::time::{Duration, Instant};

/// 8 × 5 × 5 = 200 configurations of one 100-frame cycle: enough that a sweep's fixed costs
/// (thread pool, manifest, table) and the wait for its last configuration are a small part.
const SWEEP: &str = r#"
[[axis]]
param = "gait.stride_m"
range = [1.0, 1.5]
steps = 8
[[axis]]
param = "gait.cadence_spm"
range = [95, 115]
steps = 5
[[axis]]
param = "strength.gluteus_medius"
range = [1.0, 0.6]
steps = 5
"#;

fn throughput(c: &mut Criterion) {
    let sweep = Sweep::parse(SWEEP, "bench sweep", None, None).unwrap();
    let mut g = c.benchmark_group("sweep");
    g.throughput(Throughput::Elements(sweep.count()));
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.measurement_time(Duration::from_secs(20));
    for threads in [1, 2] {
        g.bench_function(format!("{threads}_threads"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for k in 0..iters {
                    let out = std::env::temp_dir()
                        .join(format!("lumbus-bench-{}-{threads}-{k}", std::process::id()));
                    let _ = std::fs::remove_dir_all(&out);
                    let opts = Options {
                        threads: Some(threads),
                        progress: ProgressMode::Quiet,
                        ..Options::new(&out)
                    };
                    let start = Instant::now();
                    let r = lumbus_batch::run(&sweep, &opts).unwrap();
                    total += start.elapsed();
                    assert_eq!(r.ran, sweep.count());
                    std::fs::remove_dir_all(&out).unwrap();
                }
                total
            })
        });
    }
    g.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
