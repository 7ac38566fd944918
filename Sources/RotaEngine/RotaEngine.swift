import RotaModel
