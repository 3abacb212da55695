#pragma once

#include <QWidget>

// One line of text that never asks for more width than it is given: what does not fit ends in "…", and the whole
// text is in the tooltip and the accessible name. For file names, addresses and other text from outside, which
// may be any length and must never push a layout past the window's edge.
class ElidedLabel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    // What is drawn at the current width: text(), or its start and "…".
    QString shownText() const;
    bool isElided() const { return shownText() != m_text; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_text;
};
