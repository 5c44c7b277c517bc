//! Lumbus file formats: scene files in, results out, and readers for recorded gait data.
//!
//! The rule throughout: a file is read exactly or refused with a message naming the file, the
//! field or line, and what is allowed. Nothing is guessed.

pub mod recorded;
pub mod results;
pub mod scene;

pub use results::{frames_csv_header, write_frames_csv, write_run, write_scene_toml, write_summary_json};
pub use scene::{SceneError, changed_settings, load_scene, parse_scene};
