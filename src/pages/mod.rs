//! One module per page. Each page renders its heading and, for an empty
//! workspace, the empty state a user actually sees.

mod audience;
mod calendar;
mod not_found;
mod programs;
mod settings;
mod simulation;

pub use audience::AudiencePage;
pub use calendar::CalendarPage;
pub use not_found::NotFoundPage;
pub use programs::ProgramsPage;
pub use settings::SettingsPage;
pub use simulation::SimulationPage;
