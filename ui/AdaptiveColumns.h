#pragma once

#include <QWidget>

class QBoxLayout;

// Two panes side by side while both fit at their narrowest, one above the other when the window is too narrow:
// a smaller window keeps everything reachable (by scrolling) instead of squeezing the panes unreadable.
class AdaptiveColumns final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdaptiveColumns)

public:
    // The panes become this widget's children; first is on the left, or on top.
    AdaptiveColumns(QWidget *first, QWidget *second, QWidget *parent = nullptr);

    bool isSideBySide() const;
    // The width below which the panes stack: both panes' minimum widths and the space between them.
    int sideBySideWidth() const;
    // As narrow as the wider pane: below the side-by-side width the panes stack, so a scroll area holding this
    // never has to be wider than its window.
    QSize minimumSizeHint() const override;
    // The least height that shows everything at this width. A scroll area takes a widget's heightForWidth as the
    // height it must have: the preferred height would scroll even where the panes could shrink to fit.
    int heightForWidth(int width) const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void arrange(int width);

    QWidget *m_first;
    QWidget *m_second;
    QBoxLayout *m_layout;
};
