//! The four imports of the Audience page and the words each uses.

/// What a file is imported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportKind {
    People,
    Memberships,
    History,
    ProgramHistory,
}

impl ImportKind {
    pub const ALL: [ImportKind; 4] =
        [ImportKind::People, ImportKind::Memberships, ImportKind::History, ImportKind::ProgramHistory];

    /// The toolbar button.
    pub fn button_label(self) -> &'static str {
        match self {
            ImportKind::People => "Import people…",
            ImportKind::Memberships => "Import memberships…",
            ImportKind::History => "Import send history…",
            ImportKind::ProgramHistory => "Import program history…",
        }
    }

    /// The dialog's heading.
    pub fn title(self) -> &'static str {
        match self {
            ImportKind::People => "Import people",
            ImportKind::Memberships => "Import memberships",
            ImportKind::History => "Import send history",
            ImportKind::ProgramHistory => "Import program history",
        }
    }

    /// The columns the file needs, in plain words.
    pub fn columns_help(self) -> &'static str {
        match self {
            ImportKind::People => {
                "A CSV file with a header line. One column holds each person's id; email, time zone (an IANA name \
                 such as Europe/Berlin) and the flags unsubscribed, marketing suspended and email invalid (yes/no) \
                 are recognised by their headers; every other column becomes an attribute you can use in conditions."
            }
            ImportKind::Memberships => {
                "Columns person, program and stream (ids of the workspace), optionally cadence (normal or paused) \
                 and added_at (e.g. 2026-12-01T09:00:00Z; empty: now)."
            }
            ImportKind::History => {
                "Columns person and email (ids), optionally at (e.g. 2026-11-02T09:00:00Z, before the simulation \
                 start; empty: undated), engagement, opened and clicked (yes/no)."
            }
            ImportKind::ProgramHistory => {
                "Columns person, program (a content program's id) and status (member or success), optionally at \
                 (before the simulation start; empty: undated)."
            }
        }
    }

    /// (one, many): "person"/"people", "membership"/"memberships" …
    pub fn nouns(self) -> (&'static str, &'static str) {
        match self {
            ImportKind::People => ("person", "people"),
            ImportKind::Memberships => ("membership", "memberships"),
            ImportKind::History => ("send history row", "send history rows"),
            ImportKind::ProgramHistory => ("program history row", "program history rows"),
        }
    }

    /// "1 person", "1,200 people".
    pub fn count(self, n: usize) -> String {
        let (one, many) = self.nouns();
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{} {many}", crate::results::record::thousands(n as u64))
        }
    }

    /// The name of the file of errors offered for download.
    pub fn errors_file(self) -> &'static str {
        match self {
            ImportKind::People => "people-import-errors.csv",
            ImportKind::Memberships => "memberships-import-errors.csv",
            ImportKind::History => "send-history-import-errors.csv",
            ImportKind::ProgramHistory => "program-history-import-errors.csv",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_use_the_right_noun_and_thousands() {
        assert_eq!(ImportKind::People.count(1), "1 person");
        assert_eq!(ImportKind::People.count(1200), "1,200 people");
        assert_eq!(ImportKind::Memberships.count(0), "0 memberships");
        assert_eq!(ImportKind::History.count(2), "2 send history rows");
    }
}
