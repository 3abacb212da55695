#pragma once

#include "api/Sweep.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QTableWidget;
class SweepAxisEditor;

// Sweep…: varies one or two things (seed, duration, resolution, aspect ratio, mode, prompt) over a recipe and shows
// the grid of clips, their count and their total price before anything is sent. It only makes the plan: the caller
// applies the spending limits and queues plan().requests().
class SweepDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SweepDialog)

public:
    explicit SweepDialog(const GenerationRequest &base, QWidget *parent = nullptr);
    ~SweepDialog() override;

    // The plan as the dialog shows it; isValid() whenever Send is enabled. Random seeds are drawn once, when their
    // count is chosen, so that the plan read after OK has the seeds the preview showed.
    SweepPlan plan() const { return m_plan; }

    // What this request can vary: no aspect ratio in image-to-video (the first frame sets the shape), and the mode
    // only when it has both a first frame and reference images.
    static QList<SweepAxis::Kind> applicableKinds(const GenerationRequest &base);

private:
    void kindsChanged();
    void rebuild();
    void showPreview();

    GenerationRequest m_base;
    // Drawn once: the seed every clip shares when the recipe has none and the sweep does not vary it, so that the
    // clips differ only in what the sweep varies.
    qint64 m_sharedSeed = 0;
    QComboBox *m_firstKind = nullptr;
    QComboBox *m_secondKind = nullptr;
    SweepAxisEditor *m_first = nullptr;
    SweepAxisEditor *m_second = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_preview = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    SweepPlan m_plan;
};
