//! One module per page. Each page renders its heading and, for an empty
//! workspace, the empty state a user actually sees.

mod audience;
mod bench;
mod cast_preview;
mod calendar;
mod library;
mod not_found;
mod person_timeline;
mod program_editor;
mod programs;
mod rules;
mod settings;
pub mod simulation;
mod whatif;

pub use audience::AudiencePage;
pub use bench::BenchPage;
pub use cast_preview::CastPreviewPage;
pub use calendar::CalendarPage;
pub use library::LibraryPage;
pub use not_found::NotFoundPage;
pub use person_timeline::PersonTimelinePage;
pub use program_editor::{ProgramEditor, ProgramEditorPage};
pub use programs::ProgramsPage;
pub use rules::RulesPage;
pub use settings::SettingsPage;
pub use simulation::{ResultsView, SimulationPage};
pub use whatif::{ask_duplicate_as_scenario, WhatIfPage};
