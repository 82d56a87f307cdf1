def test_import():
    import flask_babel

    assert flask_babel.Babel
